#include "hw/noc/noc_statistics.h"

#include <algorithm>
#include <cmath>

namespace spinaps::noc {

void LatencyHistogram::add(std::uint64_t latency_cycles) {
  if (latency_cycles >= counts_.size()) {
    counts_.resize(latency_cycles + 1, 0);
  }
  ++counts_[latency_cycles];
  ++samples_;
  sum_ += static_cast<long double>(latency_cycles);
}

double LatencyHistogram::mean() const {
  return samples_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(samples_));
}

std::uint64_t LatencyHistogram::percentile(double percent) const {
  if (samples_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(samples_)));
  std::uint64_t seen = 0;
  for (std::uint64_t latency = 0; latency < counts_.size(); ++latency) {
    seen += counts_[latency];
    if (seen >= std::max<std::uint64_t>(rank, 1)) return latency;
  }
  return max();
}

std::uint64_t LatencyHistogram::max() const { return counts_.empty() ? 0 : counts_.size() - 1; }

double NocStatistics::accepted_flits_per_node_cycle() const {
  const double denominator = static_cast<double>(nodes) * static_cast<double>(cycles_observed);
  return denominator > 0.0 ? static_cast<double>(flits_ejected) / denominator : 0.0;
}

double NocStatistics::injected_flits_per_node_cycle() const {
  const double denominator = static_cast<double>(nodes) * static_cast<double>(cycles_observed);
  return denominator > 0.0 ? static_cast<double>(flits_injected) / denominator : 0.0;
}

nlohmann::ordered_json NocStatistics::to_json() const {
  nlohmann::ordered_json json;
  json["window_start_cycle"] = window_start_cycle;
  json["cycles_observed"] = cycles_observed;
  json["nodes"] = nodes;
  json["packets_injected"] = packets_injected;
  json["deliveries"] = deliveries;
  json["flits_injected"] = flits_injected;
  json["flits_ejected"] = flits_ejected;
  json["flit_hops"] = flit_hops;
  json["multicast_as_unicast"] = multicast_as_unicast;
  json["injected_flits_per_node_cycle"] = injected_flits_per_node_cycle();
  json["accepted_flits_per_node_cycle"] = accepted_flits_per_node_cycle();
  json["latency_cycles"] = {{"mean", latency_mean_cycles},
                            {"p50", latency_p50_cycles},
                            {"p99", latency_p99_cycles},
                            {"max", latency_max_cycles}};
  json["busiest_link"] = {
      {"name", busiest_link}, {"flits", busiest_link_flits}, {"utilisation", busiest_link_utilisation}};
  nlohmann::ordered_json links_json = nlohmann::ordered_json::array();
  for (const LinkStatistics& link : links) {
    links_json.push_back({{"name", link.name}, {"flits", link.flits}, {"utilisation", link.utilisation}});
  }
  json["links"] = std::move(links_json);
  return json;
}

}  // namespace spinaps::noc
