#include "models/tech/technology.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/io/data_paths.h"

namespace spinaps::tech {
namespace {

std::string format_node(double node_nm) {
  std::ostringstream out;
  out << node_nm;
  return out.str();
}

double parse_node_name(const config::ConfigNode& nodes, const std::string& name) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(name, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != name.size() || !(value > 0.0)) {
    throw nodes.error(name, "a node name must be a positive number of nanometres, e.g. \"28\"");
  }
  return value;
}

double energy_at_nominal(config::ConfigNode& node, ParamLog& log, const std::string& source, double node_nm,
                         double vdd) {
  (void)node_nm;
  const double a = log.read(node, "energy_a_per_v2", -1e4, 1e4, node_nm, source).value;
  const double b = log.read(node, "energy_b_per_v", -1e4, 1e4, node_nm, source).value;
  const double c = log.read(node, "energy_c", -1e4, 1e4, node_nm, source).value;
  return a * vdd * vdd + b * vdd + c;
}

double delay_at_nominal(config::ConfigNode& node, ParamLog& log, const std::string& source, double node_nm,
                        double vdd) {
  const double d3 = log.read(node, "delay_d3_per_v3", -1e5, 1e5, node_nm, source).value;
  const double d2 = log.read(node, "delay_d2_per_v2", -1e5, 1e5, node_nm, source).value;
  const double d1 = log.read(node, "delay_d1_per_v", -1e5, 1e5, node_nm, source).value;
  const double d0 = log.read(node, "delay_d0", -1e5, 1e5, node_nm, source).value;
  return ((d3 * vdd + d2) * vdd + d1) * vdd + d0;
}

}  // namespace

std::string default_data_dir() { return io::data_path("models/tech"); }

std::string data_file(const std::string& data_dir, const std::string& name) { return data_dir + "/" + name; }

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

std::string unit_of_key(const std::string& key) {
  static const std::map<std::string, std::string> kUnits = {
      {"pj", "pJ"},     {"um2", "um^2"}, {"uw", "uW"},    {"mw", "mW"},   {"ns", "ns"}, {"ohm", "ohm"},
      {"v", "V"},       {"v2", "V^2"},   {"v3", "V^3"},   {"f2", "F^2"},  {"ua", "uA"}, {"nm", "nm"},
      {"percent", "%"}, {"mhz", "MHz"},  {"bits", "bit"}, {"mm2", "mm^2"}};
  std::vector<std::string> tokens;
  std::stringstream stream(key);
  for (std::string token; std::getline(stream, token, '_');) {
    tokens.push_back(token);
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool is_unit = kUnits.count(tokens[i]) != 0;
    if (!is_unit && tokens[i] != "per") {
      continue;
    }
    std::string unit = is_unit ? kUnits.at(tokens[i]) : "1";
    const std::size_t per = is_unit ? i + 1 : i;
    if (per < tokens.size() && tokens[per] == "per") {
      std::string denominator;
      for (std::size_t j = per + 1; j < tokens.size(); ++j) {
        const auto found = kUnits.find(tokens[j]);
        denominator += (denominator.empty() ? "" : " ") + (found != kUnits.end() ? found->second : tokens[j]);
      }
      unit += "/" + denominator;
    }
    return unit;
  }
  return "1";
}

Param ParamLog::read(config::ConfigNode& node, const std::string& key, double min_value, double max_value,
                     double reference_node_nm, const std::string& source) {
  Param param;
  param.value = node.real(key, min_value, max_value);
  param.reference_node_nm = reference_node_nm;
  param.id = std::filesystem::path(node.file()).filename().string() + ":" + node.path_of(key);
  nlohmann::ordered_json entry;
  entry["value"] = param.value;
  entry["unit"] = unit_of_key(key);
  entry["reference_node_nm"] = reference_node_nm;
  entry["source"] = source;
  json_[param.id] = entry;
  return param;
}

void ParamLog::scaled(const Param& param, double scaled_value, const std::string& rule) {
  auto& entry = json_[param.id];
  entry["scaled_value"] = scaled_value;
  entry["scaling"] = rule;
}

void ParamLog::note(const std::string& id, nlohmann::ordered_json entry) { json_[id] = std::move(entry); }

NodeScaling NodeScaling::load(const std::string& file) {
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  NodeScaling scaling;
  scaling.file_ = file;
  (void)root.text("description");
  const std::string source = root.text("source");
  (void)root.text("leakage_rule");
  (void)root.text("nominal_vdd_source");
  (void)root.text("interpolation_derivation");
  config::ConfigNode nodes = root.child("nodes");
  ParamLog log;  // node coefficients are reported through the factors, not one by one
  std::map<std::string, std::pair<double, double>> interpolated;  // name -> (from, to)
  for (const auto& item : document.at("nodes").items()) {
    const std::string& name = item.key();
    const double node_nm = parse_node_name(nodes, name);
    config::ConfigNode node = nodes.child(name);
    scaling.names_.push_back(name);
    if (node.has("interpolate_from_nm")) {
      interpolated[name] = {node.real("interpolate_from_nm", 1, 1000), node.real("interpolate_to_nm", 1, 1000)};
      node.finish();
      continue;
    }
    NodeFactors factors;
    factors.area_rel_45nm = log.read(node, "area_factor_rel_45nm", 1e-6, 1e6, node_nm, source).value;
    const double vdd = log.read(node, "nominal_vdd_v", 0.1, 5.0, node_nm, source).value;
    factors.energy = energy_at_nominal(node, log, source, node_nm, vdd);
    factors.delay = delay_at_nominal(node, log, source, node_nm, vdd);
    if (!(factors.energy > 0.0) || !(factors.delay > 0.0)) {
      throw node.error("nominal_vdd_v", "the energy or delay polynomial is not positive at this Vdd");
    }
    std::ostringstream derivation;
    derivation << "Stillmaker & Baas at nominal Vdd " << vdd << " V: energy factor " << factors.energy
               << ", delay factor " << factors.delay << ", area " << factors.area_rel_45nm << " x 45 nm";
    factors.derivation = derivation.str();
    node.finish();
    scaling.nodes_[node_nm] = factors;
  }
  for (const auto& [name, range] : interpolated) {
    const double node_nm = std::stod(name);
    const auto from = scaling.nodes_.find(range.first);
    const auto to = scaling.nodes_.find(range.second);
    if (from == scaling.nodes_.end() || to == scaling.nodes_.end()) {
      throw nodes.error(name, "interpolate_from_nm/interpolate_to_nm must name nodes with published data");
    }
    const double t = std::log(node_nm / range.first) / std::log(range.second / range.first);
    auto blend = [t](double a, double b) { return std::pow(a, 1.0 - t) * std::pow(b, t); };
    NodeFactors factors;
    factors.area_rel_45nm = blend(from->second.area_rel_45nm, to->second.area_rel_45nm);
    factors.energy = blend(from->second.energy, to->second.energy);
    factors.delay = blend(from->second.delay, to->second.delay);
    std::ostringstream derivation;
    derivation << "log-log interpolation between " << range.first << " and " << range.second << " nm (t = " << t
               << "): energy factor " << factors.energy << ", delay factor " << factors.delay << ", area "
               << factors.area_rel_45nm << " x 45 nm";
    factors.derivation = derivation.str();
    scaling.nodes_[node_nm] = factors;
  }
  root.finish();
  std::sort(scaling.names_.begin(), scaling.names_.end(),
            [](const std::string& a, const std::string& b) { return std::stod(a) > std::stod(b); });
  return scaling;
}

bool NodeScaling::has(double node_nm) const { return nodes_.count(node_nm) != 0; }

const NodeFactors& NodeScaling::at(double node_nm) const {
  const auto found = nodes_.find(node_nm);
  if (found == nodes_.end()) {
    throw config::ConfigError(
        file_, "nodes",
        "node " + format_node(node_nm) + " nm has no scaling data; the nodes allowed are: " + join_names(names_));
  }
  return found->second;
}

double NodeScaling::energy(double from_nm, double to_nm) const { return at(to_nm).energy / at(from_nm).energy; }

double NodeScaling::area(double from_nm, double to_nm) const {
  return at(to_nm).area_rel_45nm / at(from_nm).area_rel_45nm;
}

double NodeScaling::delay(double from_nm, double to_nm) const { return at(to_nm).delay / at(from_nm).delay; }

std::vector<std::string> available_nodes(const std::string& data_dir) {
  return NodeScaling::load(data_file(data_dir, "node_scaling.json")).node_names();
}

namespace {

std::vector<std::string> cell_names(const std::string& data_dir, const std::string& name) {
  const std::string file = data_file(data_dir, name);
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  (void)root.child("cells");
  std::vector<std::string> names;
  for (const auto& item : document.at("cells").items()) {
    names.push_back(item.key());
  }
  return names;
}

}  // namespace

std::vector<std::string> available_cells(const std::string& data_dir) { return cell_names(data_dir, "stt_cells.json"); }

std::vector<std::string> available_sram_cells(const std::string& data_dir) {
  return cell_names(data_dir, "sram_cells.json");
}

const config::ChoiceTable<std::string>& synapse_memory_choices() {
  static const config::ChoiceTable<std::string> kTable(
      "synapse memory", {{"stt", "stt", "binary STT-RAM (1T-1MTJ) cells: the SpinAPS design"},
                         {"sram", "sram", "6T SRAM cells with the same periphery: the baseline (docs/technology.md)"}});
  return kTable;
}

TechnologyConfig parse_technology_config(config::ConfigNode node, const std::string& config_dir, TechnologyKeys keys) {
  TechnologyConfig result;
  result.data_dir = node.text_or("data_dir", default_data_dir());
  if (!result.data_dir.empty() && std::filesystem::path(result.data_dir).is_relative()) {
    result.data_dir = (std::filesystem::path(config_dir) / result.data_dir).lexically_normal().string();
  }
  const NodeScaling scaling = NodeScaling::load(data_file(result.data_dir, "node_scaling.json"));
  result.node_nm = node.real("node_nm", 1.0, 1000.0);
  if (!scaling.has(result.node_nm)) {
    throw node.error("node_nm", "value " + format_node(result.node_nm) +
                                    " is not allowed; expected one of the nodes in " + scaling.file() + ": " +
                                    join_names(scaling.node_names()));
  }
  if (keys == TechnologyKeys::kNodeOnly) {
    result.stt_cell.clear();
    node.finish();
    return result;
  }
  result.stt_cell = node.choice("stt_cell", available_cells(result.data_dir));
  result.memory = synapse_memory_choices().parse_or(node, "memory", result.memory);
  // sram_cells.json is read only when it matters, so an STT-only data_dir stays valid.
  if (node.has("sram_cell") || result.memory == "sram") {
    result.sram_cell = node.choice_or("sram_cell", available_sram_cells(result.data_dir), result.sram_cell);
  }
  node.finish();
  return result;
}

}  // namespace spinaps::tech
