#pragma once
// A short Markdown summary of a run report for pull-request comments: the headline figures and the
// energy and area breakdowns as tables (GitHub and GitLab render them).
#include <nlohmann/json.hpp>
#include <string>

namespace spinaps::report {

std::string render_markdown_summary(const nlohmann::ordered_json& report);

}  // namespace spinaps::report
