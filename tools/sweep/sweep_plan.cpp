#include "tools/sweep/sweep_plan.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"
#include "tools/report/report_core.h"

namespace spinaps::sweep {
namespace {

namespace fs = std::filesystem;
using config::ConfigError;
using config::ConfigNode;

std::string file_fingerprint(const std::string& file) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream content;
  content << stream.rdbuf();
  return report::fnv1a_hex(content.str());
}

/// The parts of a plan that decide what each point's report contains. Two plans that agree here
/// can share finished points; name, description, metrics, constraints and timeout may change.
Json identity_of(const Json& plan) {
  Json identity;
  for (const char* key : {"base_config", "base_config_fnv1a64", "set", "samples", "parameters", "points"}) {
    identity[key] = plan.value(key, Json());
  }
  for (auto& parameter : identity["parameters"]) parameter.erase("scale");
  return identity;
}

const Json& array_at(const Json& document, const std::string& key, const std::string& file) {
  if (!document.contains(key) || !document.at(key).is_array()) {
    throw ConfigError(file, key, "is missing or not a list; the plan file is damaged");
  }
  return document.at(key);
}

}  // namespace

SweepPlan make_plan(const SweepSpec& spec) {
  SweepPlan plan;
  plan.name = spec.name;
  plan.description = spec.description;
  plan.sweep_file = fs::absolute(spec.file).lexically_normal();
  plan.base_config = spec.base_config;
  for (const auto& [key, value] : spec.fixed) plan.fixed[key] = value;
  plan.samples = spec.samples;
  plan.timeout_seconds = spec.timeout_seconds;
  for (const auto& parameter : spec.parameters) plan.parameters.push_back({parameter.key, parameter.scale_label});
  plan.metrics = spec.metrics;
  plan.constraints = spec.constraints;
  plan.points = sample_design_points(spec);
  return plan;
}

Json plan_to_json(const SweepPlan& plan) {
  Json document;
  document["schema"] = "spinaps-sweep-plan";
  document["schema_version"] = 1;
  document["name"] = plan.name;
  document["description"] = plan.description;
  document["sweep_file"] = plan.sweep_file;
  document["base_config"] = plan.base_config;
  document["base_config_fnv1a64"] = file_fingerprint(plan.base_config);
  document["set"] = plan.fixed;
  document["samples"] = plan.samples;
  document["timeout_seconds"] = plan.timeout_seconds;
  document["parameters"] = Json::array();
  for (const auto& parameter : plan.parameters) {
    document["parameters"].push_back({{"key", parameter.key}, {"scale", parameter.scale}});
  }
  document["metrics"] = plan.metrics;
  document["constraints"] = Json::array();
  for (const auto& constraint : plan.constraints) {
    Json entry = {{"metric", constraint.metric}};
    if (constraint.min) entry["min"] = *constraint.min;
    if (constraint.max) entry["max"] = *constraint.max;
    document["constraints"].push_back(entry);
  }
  document["points"] = Json::array();
  for (const auto& point : plan.points) document["points"].push_back(point.values);
  return document;
}

void prepare_sweep_directory(const SweepPlan& plan, const std::string& directory) {
  fs::create_directories(fs::path(directory) / "points");
  const std::string plan_file = (fs::path(directory) / "plan.json").string();
  const Json fresh = plan_to_json(plan);
  if (fs::exists(plan_file)) {
    const Json existing = config::read_json_file(plan_file);
    if (identity_of(existing) != identity_of(fresh)) {
      throw ConfigError(plan_file, "",
                        "this directory holds a different sweep (base configuration, its contents, fixed settings, "
                        "samples, parameters or points differ); use another --out directory or delete this one");
    }
  }
  io::write_file_atomically(plan_file, fresh.dump(2) + "\n");
}

SweepPlan load_plan(const std::string& directory) {
  const std::string file = (fs::path(directory) / "plan.json").string();
  if (!fs::exists(file)) {
    throw ConfigError(file, "", "no sweep plan here; is " + directory + " a sweep directory (spinaps sweep --out)?");
  }
  const Json document = config::read_json_file(file);
  ConfigNode root(document, file, "");
  (void)root.choice("schema", {"spinaps-sweep-plan"});
  (void)root.integer("schema_version", 1, 1);
  SweepPlan plan;
  plan.name = root.text("name");
  plan.description = root.text("description");
  plan.sweep_file = root.text("sweep_file");
  plan.base_config = root.text("base_config");
  root.skip("base_config_fnv1a64");
  (void)root.child("set");
  plan.fixed = document.at("set");
  plan.samples = root.integer("samples", 0, 100000000);
  plan.timeout_seconds = root.real("timeout_seconds", 0.0, 1e7);
  for (const auto& parameter : array_at(document, "parameters", file)) {
    plan.parameters.push_back({parameter.value("key", ""), parameter.value("scale", "list")});
  }
  for (const auto& metric : array_at(document, "metrics", file)) plan.metrics.push_back(metric.get<std::string>());
  for (const auto& entry : array_at(document, "constraints", file)) {
    Constraint constraint{entry.value("metric", ""), std::nullopt, std::nullopt};
    if (entry.contains("min")) constraint.min = entry.at("min").get<double>();
    if (entry.contains("max")) constraint.max = entry.at("max").get<double>();
    plan.constraints.push_back(constraint);
  }
  const Json& points = array_at(document, "points", file);
  for (std::size_t n = 0; n < points.size(); ++n) {
    if (!points[n].is_array() || points[n].size() != plan.parameters.size()) {
      throw ConfigError(file, "points[" + std::to_string(n) + "]", "does not hold one value per parameter");
    }
    plan.points.push_back({n, points[n].get<std::vector<Json>>()});
  }
  root.skip("parameters");
  root.skip("metrics");
  root.skip("constraints");
  root.skip("points");
  root.finish();
  return plan;
}

std::string point_directory(const std::string& sweep_directory, std::size_t index) {
  char name[16];
  std::snprintf(name, sizeof name, "%06zu", index);
  return (fs::path(sweep_directory) / "points" / name).string();
}

std::string report_path(const std::string& sweep_directory, std::size_t index) {
  return point_directory(sweep_directory, index) + "/report.json";
}

std::string failure_path(const std::string& sweep_directory, std::size_t index) {
  return point_directory(sweep_directory, index) + "/failure.json";
}

std::string log_path(const std::string& sweep_directory, std::size_t index) {
  return point_directory(sweep_directory, index) + "/run.log";
}

PointStatus point_status(const std::string& sweep_directory, std::size_t index) {
  if (fs::exists(report_path(sweep_directory, index))) return PointStatus::kOk;
  const std::string failure = failure_path(sweep_directory, index);
  if (!fs::exists(failure)) return PointStatus::kPending;
  try {
    return config::read_json_file(failure).value("status", "") == "timeout" ? PointStatus::kTimeout
                                                                            : PointStatus::kFailed;
  } catch (const ConfigError&) {
    return PointStatus::kFailed;
  }
}

const char* status_name(PointStatus status) {
  switch (status) {
    case PointStatus::kOk:
      return "ok";
    case PointStatus::kFailed:
      return "failed";
    case PointStatus::kTimeout:
      return "timeout";
    case PointStatus::kPending:
      break;
  }
  return "pending";
}

std::vector<std::string> run_arguments(const SweepPlan& plan, const DesignPoint& point, const std::string& binary,
                                       const std::string& report_file) {
  std::vector<std::string> arguments = {binary, "run", plan.base_config};
  for (const auto& [key, value] : plan.fixed.items()) {
    arguments.insert(arguments.end(), {"-p", key + "=" + value.dump()});
  }
  for (std::size_t n = 0; n < plan.parameters.size(); ++n) {
    arguments.insert(arguments.end(), {"-p", plan.parameters[n].key + "=" + point.values[n].dump()});
  }
  if (plan.samples != 0) arguments.insert(arguments.end(), {"--samples", std::to_string(plan.samples)});
  arguments.insert(arguments.end(), {"-q", "--out", report_file});
  return arguments;
}

std::string current_binary() {
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("cannot find the spinaps binary through /proc/self/exe: " + error.message());
  return binary.string();
}

}  // namespace spinaps::sweep
