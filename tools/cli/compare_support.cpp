#include "tools/cli/compare_support.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace spinaps::cli::compare {
namespace {

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << value;
  return out.str();
}

/// Leakage power by category from a report's area.components, over `categories`.
Json leakage_by_category(const nlohmann::json& report, const std::vector<std::string>& categories) {
  Json out = Json::object();
  for (const auto& category : categories) out[category] = 0.0;
  for (const auto& component : report.at("area").at("components")) {
    const std::string category = component.at("category").get<std::string>();
    out[category] = out.value(category, 0.0) + component.at("leakage_mw").get<double>();
  }
  return out;
}

}  // namespace

Json ratios(const Json& a, const Json& b) {
  Json out = Json::object();
  for (const auto& item : a.items()) {
    const Json& x = item.value();
    const Json& y = b.at(item.key());
    if (x.is_object()) {
      out[item.key()] = ratios(x, y);
    } else if (x.is_number()) {
      const double va = x.get<double>(), vb = y.get<double>();
      out[item.key()] = va != 0.0 ? Json(vb / va) : (vb == 0.0 ? Json(1.0) : Json(nullptr));
    }
  }
  return out;
}

std::vector<std::string> category_union(const nlohmann::json& a, const nlohmann::json& b) {
  std::vector<std::string> names;
  for (const auto* breakdown : {&a, &b}) {
    for (const auto& item : breakdown->items()) {
      if (std::find(names.begin(), names.end(), item.key()) == names.end()) names.push_back(item.key());
    }
  }
  return names;
}

Json breakdown_over(const nlohmann::json& breakdown, const std::vector<std::string>& categories) {
  Json out = Json::object();
  for (const auto& category : categories) out[category] = breakdown.value(category, 0.0);
  return out;
}

std::string general(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string driver_sentence(const std::string& what, const std::string& unit, const Json& a, const Json& b,
                            double scale, const std::string& name_b) {
  std::vector<std::pair<std::string, double>> changes;
  double total_a = 0.0, total_b = 0.0, magnitude = 0.0;
  for (const auto& item : a.items()) {
    const double va = item.value().get<double>() * scale, vb = b.at(item.key()).get<double>() * scale;
    total_a += va;
    total_b += vb;
    changes.emplace_back(item.key(), vb - va);
    magnitude += std::abs(vb - va);
  }
  std::sort(changes.begin(), changes.end(),
            [](const auto& x, const auto& y) { return std::abs(x.second) > std::abs(y.second); });
  std::ostringstream out;
  if (magnitude == 0.0) {
    out << what << " is the same in both designs (" << general(total_a) << " " << unit << ").";
    return out.str();
  }
  out << what << " is " << general(total_b / total_a) << "x in " << name_b << " (" << general(total_a) << " -> "
      << general(total_b) << " " << unit << "); ";
  double covered = 0.0;
  std::size_t named = 0;
  for (const auto& [category, change] : changes) {
    if (named > 0 && (covered >= 0.9 * magnitude || named == 3)) break;
    out << (named == 0 ? "" : ", ") << category << " " << (change >= 0 ? "+" : "") << general(change) << " " << unit
        << " (" << fixed(100.0 * std::abs(change) / magnitude, 0) << " % of the change)";
    covered += std::abs(change);
    ++named;
  }
  out << (named == 1 ? " accounts for it." : " account for it.");
  return out.str();
}

std::string leakage_sentence(const nlohmann::json& report_a, const nlohmann::json& report_b,
                             const std::string& name_b) {
  std::vector<std::string> categories;
  for (const auto* report : {&report_a, &report_b}) {
    for (const auto& component : report->at("area").at("components")) {
      const std::string category = component.at("category").get<std::string>();
      if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
        categories.push_back(category);
      }
    }
  }
  return driver_sentence("Leakage power", "mW", leakage_by_category(report_a, categories),
                         leakage_by_category(report_b, categories), 1.0, name_b);
}

void print_table(const Json& a, const Json& b, const Json& ratio, const std::vector<Row>& rows) {
  auto at = [](const Json& root, const std::vector<std::string>& path) -> const Json& {
    const Json* node = &root;
    for (const auto& key : path) node = &node->at(key);
    return *node;
  };
  std::printf("%-34s %14s %14s %10s\n", "metric", "A", "B", "B/A");
  std::printf("%-34s %14s %14s\n", "", a["config"]["name"].get<std::string>().substr(0, 14).c_str(),
              b["config"]["name"].get<std::string>().substr(0, 14).c_str());
  for (const Row& row : rows) {
    const Json& r = at(ratio, row.path);
    std::printf("%-34s %14s %14s %10s\n", row.label.c_str(), general(at(a, row.path).get<double>() * row.scale).c_str(),
                general(at(b, row.path).get<double>() * row.scale).c_str(),
                r.is_null() ? "-" : general(r.get<double>()).c_str());
  }
}

}  // namespace spinaps::cli::compare
