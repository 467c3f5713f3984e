#pragma once
// Components count what they do under the energy table's action names; the counts are gathered
// once, at the end, and turned into energy by the table (energy = sum of count x energy per action).
#include <cstdint>
#include <map>
#include <string>

namespace spinaps::energy {

class ActionCounts {
 public:
  void add(const std::string& action, std::uint64_t count) { counts_[action] += count; }
  [[nodiscard]] std::uint64_t get(const std::string& action) const {
    const auto found = counts_.find(action);
    return found == counts_.end() ? 0 : found->second;
  }
  [[nodiscard]] const std::map<std::string, std::uint64_t>& all() const { return counts_; }
  bool operator==(const ActionCounts& other) const { return counts_ == other.counts_; }

 private:
  std::map<std::string, std::uint64_t> counts_;
};

}  // namespace spinaps::energy
