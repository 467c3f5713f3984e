#pragma once
// What `spinaps compare` does for every accelerator: ratios B/A of the selected figures, the union
// of two breakdowns' categories, the sentence that names which categories make a difference, the
// split of a leakage change by component category, and the side-by-side table. The figures each
// accelerator selects and explains live in compare_spinaps.cpp and compare_cnn.cpp.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace spinaps::cli::compare {

using Json = nlohmann::ordered_json;

/// One table row: a label, the path of the figure in the selected metrics, and a scale.
struct Row {
  std::string label;
  std::vector<std::string> path;
  double scale = 1.0;
};

/// What an accelerator compares: the selected figures of one report (at the same paths as in the
/// report), its table rows, the line that describes the shared workload, and the explanation.
struct Profile {
  Json (*select)(const nlohmann::json& report, const std::vector<std::string>& energy_categories,
                 const std::vector<std::string>& area_categories) = nullptr;
  std::vector<Row> (*rows)(const Json& a) = nullptr;
  std::string (*workload_line)(const Json& a) = nullptr;
  std::vector<std::string> (*explain)(const Json& a, const Json& b) = nullptr;
};

Profile spinaps_profile();
Profile cnn_profile();

/// b/a for every numeric leaf (1 when both are 0, null when only a is 0); strings are left out.
Json ratios(const Json& a, const Json& b);

/// The keys of two breakdowns, a's first, each once.
std::vector<std::string> category_union(const nlohmann::json& a, const nlohmann::json& b);

/// A breakdown restricted (and completed with zeros) to `categories`.
Json breakdown_over(const nlohmann::json& breakdown, const std::vector<std::string>& categories);

/// %.4g
std::string general(double value);

/// One sentence naming the categories that make most of the change of a total: categories sorted
/// by |b - a| (after `scale`), named until they cover 90 % of the summed changes (at most 3).
std::string driver_sentence(const std::string& what, const std::string& unit, const Json& a, const Json& b,
                            double scale, const std::string& name_b);

/// The report's leakage is one energy category; this sentence splits its change by component category.
std::string leakage_sentence(const nlohmann::json& report_a, const nlohmann::json& report_b, const std::string& name_b);

/// The metrics side by side with B/A, one line per row.
void print_table(const Json& a, const Json& b, const Json& ratio, const std::vector<Row>& rows);

}  // namespace spinaps::cli::compare
