#include "hw/core/core_technology.h"

#include <stdexcept>

#include "models/io/data_paths.h"
#include "models/tech/tech_data.h"

namespace spinaps::core {
namespace {

using tech::format_number;

/// The controller: a cycle counter and a state register, active every cycle of an inference.
void add_controller(const neuron::DigitalCosts& d, energy::ActionTable& actions, energy::ComponentTable& components) {
  const tech::DigitalData& dig = d.data;
  actions.add(kActionActiveCycle,
              {dig.controller_counter_bits * d.e_cnt + dig.controller_state_register_bits * d.e_reg, "cycle", "control",
               format_number(dig.controller_counter_bits) + " counter bits (Aladdin counter/bit) + " +
                   format_number(dig.controller_state_register_bits) + " state register bits",
               "models/tech/digital_45nm.json (Aladdin)"});
  components.add({"controller", "control",
                  (dig.controller_counter_bits * d.a_cnt + dig.controller_state_register_bits * d.a_reg) * 1e-6,
                  (dig.controller_counter_bits * d.l_cnt + dig.controller_state_register_bits * d.l_reg) * 1e-3,
                  "area: counter bits x Aladdin counter area/bit + state register bits x register area; leakage: as "
                  "the area"});
}

}  // namespace

CoreTechnology build_core_technology(const tech::TechnologyConfig& config, const CoreSizes& sizes) {
  const stt::SubarrayShape& shape = sizes.subarrays;
  const neuron::NeuronSizes& units = sizes.units;
  if (shape.rows < 2 || shape.cols < 1 || units.window_steps > 20 || units.sigmoid_lut_entries < 1 ||
      units.inputs < 1) {
    throw std::invalid_argument("build_core_technology: core sizes out of range");
  }
  const tech::NodeScaling scaling = tech::NodeScaling::load(tech::data_file(config.data_dir, "node_scaling.json"));
  const tech::NodeFactors& node = scaling.at(config.node_nm);
  tech::ParamLog log;
  log.note("node", {{"node_nm", config.node_nm},
                    {"stt_cell", config.stt_cell},
                    {"data_dir", io::relative_to_data_root(config.data_dir)},
                    {"energy_factor", node.energy},
                    {"delay_factor", node.delay},
                    {"area_factor_rel_45nm", node.area_rel_45nm},
                    {"derivation", node.derivation},
                    {"source", "node_scaling.json (Stillmaker & Baas, Integration 2017)"}});
  CoreTechnology core;
  tech::Scaler scaler(scaling, config.node_nm, log);
  core.memory = stt::add_synapse_array(config, shape, scaler, core.actions, core.components);
  const tech::DigitalData digital = tech::load_digital(config.data_dir, log);
  const neuron::DigitalCosts costs(digital, scaler);
  neuron::add_spike_trace_unit(units, costs, core.actions, core.components);
  add_controller(costs, core.actions, core.components);
  neuron::add_neuron_unit(units, costs, core.actions, core.components);
  core.actions.require(core_action_names(), "SpinAPS core technology");
  core.parameters_used = log.json();
  return core;
}

}  // namespace spinaps::core
