#include "hw/noc/noc_energy.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "hw/noc/mesh_routing.h"
#include "hw/noc/noc_actions.h"

namespace spinaps::noc {
namespace {

constexpr double kBig = 1e9;
constexpr double kUm2PerMm2 = 1e6;
constexpr double kUwPerMw = 1e3;

/// One section of noc_router.json: its reference node, its source, and a reader that logs every number.
class Section {
 public:
  Section(config::ConfigNode& root, const std::string& name, tech::ParamLog& log) : node_(root.child(name)), log_(log) {
    source_ = node_.text("source");
    (void)node_.text_or("derivation", "");
    (void)node_.text_or("checked", "");
    reference_nm_ = node_.real("reference_node_nm", 1, 1000);
  }
  double read(const std::string& key) {
    return params_.emplace_back(log_.read(node_, key, 0, kBig, reference_nm_, source_)).value;
  }
  std::uint64_t count(const std::string& key) { return node_.integer(key, 0, 64); }
  void finish() const { node_.finish(); }
  [[nodiscard]] double reference_nm() const { return reference_nm_; }
  /// Records the scaled value of every number of the section under one rule.
  void scaled(double factor, const std::string& rule) {
    for (const tech::Param& param : params_) log_.scaled(param, param.value * factor, rule);
  }

 private:
  config::ConfigNode node_;
  tech::ParamLog& log_;
  std::string source_;
  double reference_nm_ = 0.0;
  std::vector<tech::Param> params_;
};

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::uint32_t directed_links(const NocConfig& config) {
  return 2 * (config.rows * (config.cols - 1) + config.cols * (config.rows - 1));
}

void add_mesh_components(const NocTechnology& technology, const NocConfig& config, energy::ComponentTable& components) {
  if (config.nodes() <= 1) return;  // a single node has no router
  components.add_instances(technology.router, config.nodes(), "routers");
  const std::string links = "directed links of " + number(config.link_length_mm) + " mm" +
                            (config.link_length_given ? " (noc.link_length_mm)" : " (tile pitch)");
  components.add_instances(technology.link, directed_links(config), links);
}

NocTechnology build_mesh_technology(NocConfig& config, double node_area_mm2, double node_nm,
                                    const std::string& data_dir, const tech::NodeScaling& scaling,
                                    tech::ParamLog& log) {
  if (!config.link_length_given) {
    tech::ParamLog pitch_log;  // the first build only sizes the router; the second is the one used
    const NocTechnology routers = build_noc_technology(config, node_nm, data_dir, scaling, pitch_log);
    config.link_length_mm = std::sqrt(node_area_mm2 + routers.router_area_mm2());
  }
  return build_noc_technology(config, node_nm, data_dir, scaling, log);
}

NocTechnology build_noc_technology(const NocConfig& config, double node_nm, const std::string& data_dir,
                                   const tech::NodeScaling& scaling, tech::ParamLog& log) {
  const std::string file = tech::data_file(data_dir, "noc_router.json");
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  (void)root.text("description");
  (void)root.text("dsent_reference_run");

  const double bits = config.flit_bits;
  const double entries = static_cast<double>(config.virtual_channels) * config.buffer_depth_flits;
  const double vc_priority_bits = config.virtual_channels * (config.virtual_channels - 1) / 2.0;
  const double ports = kPorts;
  NocTechnology result;
  std::ostringstream sizes;
  sizes << config.flit_bits << "-bit flits, " << config.virtual_channels << " VCs x " << config.buffer_depth_flits
        << " flits";

  auto energy_rule = [&](double reference_nm) {
    return " x energy factor " + number(scaling.energy(reference_nm, node_nm)) + " (" + number(reference_nm) + " -> " +
           number(node_nm) + " nm)";
  };
  auto add_action = [&](const char* action, const char* unit, double reference_pj, double reference_nm,
                        const std::string& formula) {
    const double factor = scaling.energy(reference_nm, node_nm);
    result.actions.add(action, {reference_pj * factor, unit, "noc",
                                formula + " = " + number(reference_pj) + " pJ" + energy_rule(reference_nm) + " = " +
                                    number(reference_pj * factor) + " pJ",
                                "models/tech/noc_router.json (DSENT)"});
  };
  auto add_part = [&](const std::string& component, double area_um2, double leakage_uw, double reference_nm,
                      const std::string& formula) {
    const double area_factor = scaling.area(reference_nm, node_nm);
    const double leakage_factor = scaling.leakage(reference_nm, node_nm);
    return energy::ComponentCost{
        component, "noc", area_um2 * area_factor / kUm2PerMm2, leakage_uw * leakage_factor / kUwPerMw,
        formula + "; area " + number(area_um2) + " um^2 x area factor " + number(area_factor) + ", leakage " +
            number(leakage_uw) + " uW x energy factor " + number(leakage_factor)};
  };

  Section buffer(root, "input_buffer", log);
  const double write_a = buffer.read("write_energy_pj_per_bit");
  const double write_b = buffer.read("write_energy_pj_per_bit_per_entry");
  const double read_a = buffer.read("read_energy_pj_per_bit");
  const double read_b = buffer.read("read_energy_pj_per_bit_per_entry");
  const double storage_area = buffer.read("storage_area_um2_per_bit");
  const double storage_leakage = buffer.read("storage_leakage_uw_per_bit");
  const double register_area = buffer.read("pipeline_register_area_um2_per_bit");
  const double register_leakage = buffer.read("pipeline_register_leakage_uw_per_bit");
  const double registers = static_cast<double>(buffer.count("pipeline_registers_per_input_port"));
  buffer.finish();

  Section crossbar(root, "crossbar", log);
  const double traversal = crossbar.read("traversal_energy_pj_per_bit");
  const double fanout = crossbar.read("fanout_energy_pj_per_bit");
  const double crossbar_area = crossbar.read("area_um2_per_bit_squared");
  const double crossbar_leakage = crossbar.read("leakage_uw_per_bit");
  const double output_area = crossbar.read("output_register_area_um2_per_bit");
  const double output_leakage = crossbar.read("output_register_leakage_uw_per_bit");
  crossbar.finish();

  Section allocator(root, "switch_allocator", log);
  const double stage1 = allocator.read("stage1_energy_pj_per_priority_bit");
  const double stage2 = allocator.read("stage2_energy_pj");
  const double allocator_area = allocator.read("base_area_um2");
  const double allocator_area_bit = allocator.read("area_um2_per_priority_bit");
  const double allocator_leakage = allocator.read("base_leakage_uw");
  const double allocator_leakage_bit = allocator.read("leakage_uw_per_priority_bit");
  allocator.finish();

  Section clock(root, "clock_tree", log);
  const double clock_base = clock.read("energy_pj_per_cycle");
  const double clock_bit = clock.read("energy_pj_per_cycle_per_flit_bit");
  const double clock_area = clock.read("area_um2");
  const double clock_leakage = clock.read("leakage_uw");
  clock.finish();

  Section link(root, "link", log);
  const double link_energy = link.read("energy_pj_per_bit_per_mm");
  const double link_area = link.read("repeater_area_um2_per_bit");
  const double link_leakage = link.read("repeater_leakage_uw_per_bit");
  link.finish();
  root.finish();

  for (Section* section : {&buffer, &crossbar, &allocator, &clock, &link}) {
    section->scaled(scaling.energy(section->reference_nm(), node_nm),
                    "energy and leakage x energy factor, areas x area factor " +
                        number(scaling.area(section->reference_nm(), node_nm)) + " (" +
                        number(section->reference_nm()) + " -> " + number(node_nm) + " nm)");
  }

  const double arbitration = stage1 * vc_priority_bits + stage2;
  const std::string arbitration_formula = number(stage1) + " pJ x " + number(vc_priority_bits) +
                                          " stage-1 priority bits (VCs:1 matrix arbiter) + " + number(stage2) +
                                          " pJ stage 2 (5:1)";
  add_action(kActionBufferWrite, "flit written", (write_a + write_b * entries) * bits, buffer.reference_nm(),
             "(" + number(write_a) + " + " + number(write_b) + " x " + number(entries) + " entries) pJ/bit x " +
                 number(bits) + " bits");
  add_action(kActionBufferRead, "flit read", (read_a + read_b * entries) * bits, buffer.reference_nm(),
             "(" + number(read_a) + " + " + number(read_b) + " x " + number(entries) + " entries) pJ/bit x " +
                 number(bits) + " bits");
  add_action(kActionVcAllocation, "VC allocation", arbitration, allocator.reference_nm(),
             "charged as one switch arbitration (DSENT has no VC allocator model): " + arbitration_formula);
  add_action(kActionSwitchArbitration, "arbitration", arbitration, allocator.reference_nm(), arbitration_formula);
  add_action(kActionCrossbar, "flit", traversal * bits, crossbar.reference_nm(),
             number(traversal) + " pJ/bit x " + number(bits) + " bits");
  add_action(kActionCrossbarFanout, "extra output of a flit", fanout * bits, crossbar.reference_nm(),
             number(fanout) + " pJ/bit x " + number(bits) + " bits");
  add_action(kActionLink, "flit-hop", link_energy * bits * config.link_length_mm, link.reference_nm(),
             number(link_energy) + " pJ/bit/mm x " + number(bits) + " bits x " + number(config.link_length_mm) + " mm");
  add_action(
      kActionRouterActiveCycle, "router cycle", clock_base + clock_bit * bits, clock.reference_nm(),
      "clock tree: " + number(clock_base) + " pJ + " + number(clock_bit) + " pJ/bit x " + number(bits) + " bits");

  result.router.add(
      add_part("noc.router.input_buffers", ports * (entries * bits * storage_area + registers * bits * register_area),
               ports * (entries * bits * storage_leakage + registers * bits * register_leakage), buffer.reference_nm(),
               "5 input ports x (" + number(entries) + " entries x " + number(bits) + " bits of DFF-RAM + " +
                   number(registers) + " pipeline registers x " + number(bits) + " bits), " + sizes.str()));
  result.router.add(add_part("noc.router.crossbar", crossbar_area * bits * bits + ports * bits * output_area,
                             crossbar_leakage * bits + ports * bits * output_leakage, crossbar.reference_nm(),
                             "5x5 multiplexer crossbar (" + number(crossbar_area) + " um^2/bit^2 x " + number(bits) +
                                 "^2) + 5 output registers x " + number(bits) + " bits"));
  result.router.add(add_part(
      "noc.router.switch_allocator", allocator_area + allocator_area_bit * ports * vc_priority_bits,
      allocator_leakage + allocator_leakage_bit * ports * vc_priority_bits, allocator.reference_nm(),
      "separable matrix-arbiter allocator: base + 5 ports x " + number(vc_priority_bits) + " stage-1 priority bits"));
  result.router.add(add_part("noc.router.clock_tree", clock_area, clock_leakage, clock.reference_nm(), "H-tree clock"));
  result.link.add(add_part("noc.link", link_area * bits, link_leakage * bits, link.reference_nm(),
                           "repeaters of one directed " + number(bits) + "-bit link"));
  return result;
}

}  // namespace spinaps::noc
