// The memristive tile technology model: every action priced, the documented ADC resolution rules,
// node scaling of the CMOS periphery (and not of the device read), the V^2 G t array read, the
// conversion of times to clock cycles, and the errors of a bad periphery file. Expected values are
// computed from the data files, so the tests check the rules, not copies of the numbers.
#include "hw/memristor/tile_technology.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "hw/memristor/tile_actions.h"
#include "models/config/config_reader.h"
#include "models/memristor/device_model.h"
#include "models/tech/technology.h"

namespace spinaps::memristor {
namespace {

namespace fs = std::filesystem;

nlohmann::json periphery_json() {
  std::ifstream stream(default_periphery_file());
  return nlohmann::json::parse(stream);
}

DeviceParameters neurram(std::uint32_t levels = 16) {
  DeviceParameters device = load_device(default_devices_file(), "rram_neurram_wan2022");
  device.levels = levels;
  return device;
}

TileTechnologyInputs reference_inputs() {
  TileTechnologyInputs in;
  in.geometry.rows = 128;
  in.geometry.cols = 128;
  in.geometry.adc_bits = 8;
  in.geometry.adcs_per_tile = 8;
  in.geometry.dac_bits = 1;
  in.geometry.input_bits = 8;
  in.geometry.weight_bits = 8;
  in.device = neurram();
  in.slices = 2;
  in.clock_mhz = 1000.0;
  in.node_nm = 32.0;
  return in;
}

double component_area(const energy::ComponentTable& areas, const std::string& name) {
  for (const auto& a : areas.all()) {
    if (a.component == name) {
      return a.area_mm2;
    }
  }
  ADD_FAILURE() << "no component " << name;
  return 0.0;
}

/// A copy of the periphery file after `edit`, written to a temporary path.
class PeripheryCopy {
 public:
  explicit PeripheryCopy(const std::string& tag)
      : path_(fs::temp_directory_path() /
              ("spinaps_tile_periphery_" + tag + "_" + std::to_string(::getpid()) + ".json")) {}
  ~PeripheryCopy() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  PeripheryCopy(const PeripheryCopy&) = delete;
  PeripheryCopy& operator=(const PeripheryCopy&) = delete;
  void write(const std::string& text) const { std::ofstream(path_) << text; }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

void expect_config_error(const TileTechnologyInputs& in, const std::string& file, const std::string& key) {
  try {
    (void)build_tile_technology(in);
    ADD_FAILURE() << "expected a ConfigError for " << key;
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.file(), file);
    EXPECT_EQ(error.key(), key) << error.what();
    EXPECT_NE(std::string(error.what()).find(file), std::string::npos);
  }
}

TEST(TileTechnology, EveryActionIsPricedAndPositive) {
  const TileTechnology model = build_tile_technology(reference_inputs());
  EXPECT_EQ(model.actions.all().size(), tile_action_names().size());
  for (const std::string& name : tile_action_names()) {
    ASSERT_TRUE(model.actions.contains(name)) << name;
    EXPECT_GT(model.energy_pj(name), 0.0) << name;
    EXPECT_FALSE(model.actions.at(name).derivation.empty()) << name;
  }
  EXPECT_THROW((void)model.energy_pj("tile.no_such_action"), std::out_of_range);
  EXPECT_GT(model.tile_area_mm2(), 0.0);
  EXPECT_GT(model.node_area_mm2(), 0.0);
  EXPECT_GT(model.tile_leakage_mw(), 0.0);
  EXPECT_GT(model.node_leakage_mw(), 0.0);
  EXPECT_FALSE(model.parameters_used.empty());
}

TEST(TileTechnology, AdcEnergyGrowsWithResolution) {
  const nlohmann::json adc = periphery_json().at("adc");
  const double exponent = periphery_json().at("adc_area_scaling").at("area_exponent_on_energy").get<double>();
  const double enob_ref = (adc.at("sndr_db").get<double>() - 1.76) / 6.02;
  const double fom_pj =
      adc.at("power_mw").get<double>() / adc.at("sample_rate_mhz").get<double>() * 1e3 / std::exp2(enob_ref);
  TileTechnologyInputs in = reference_inputs();  // 32 nm: the reference design's own node
  double previous_energy = 0.0;
  double previous_area = 0.0;
  for (std::uint32_t bits = 3; bits <= 12; ++bits) {
    in.geometry.adc_bits = bits;
    const TileTechnology model = build_tile_technology(in);
    const double energy = model.energy_pj(kActionAdcConversion);
    const double area = component_area(model.tile_components, "adcs") / in.geometry.adcs_per_tile * 1e6;  // um^2
    EXPECT_NEAR(energy, fom_pj * std::exp2(bits), 1e-12 * energy) << bits;  // Walden: FOM x 2^bits
    EXPECT_NEAR(area, adc.at("area_um2").get<double>() * std::exp2(exponent * (bits - enob_ref)), 1e-9 * area);
    if (bits > 3) {
      EXPECT_NEAR(energy / previous_energy, 2.0, 1e-12) << bits;
      EXPECT_NEAR(area / previous_area, std::exp2(exponent), 1e-12) << bits;
    }
    previous_energy = energy;
    previous_area = area;
  }
}

TEST(TileTechnology, CmosEnergyScalesWithNodeAndArrayReadDoesNot) {
  const tech::NodeScaling scaling =
      tech::NodeScaling::load(tech::data_file(tech::default_data_dir(), "node_scaling.json"));
  TileTechnologyInputs in = reference_inputs();
  const TileTechnology at32 = build_tile_technology(in);
  for (const double node : {90.0, 45.0, 22.0, 7.0}) {
    in.node_nm = node;
    const TileTechnology other = build_tile_technology(in);
    const double energy_ratio = scaling.energy(32.0, node);
    const double area_ratio = scaling.area(32.0, node);
    for (const std::string& name : tile_action_names()) {
      const double ratio = other.energy_pj(name) / at32.energy_pj(name);
      if (name == kActionArrayReadNanosiemens) {
        EXPECT_DOUBLE_EQ(ratio, 1.0) << name << " at " << node << " nm";  // device physics
      } else {
        EXPECT_NEAR(ratio, energy_ratio, 1e-12) << name << " at " << node << " nm";
      }
    }
    for (const char* part : {"dacs", "sample_holds", "adcs", "shift_add", "output_scale"}) {
      EXPECT_NEAR(component_area(other.tile_components, part) / component_area(at32.tile_components, part), area_ratio,
                  1e-12)
          << part << " at " << node << " nm";
    }
    // Cells keep their F^2 count: area goes with the square of the node, not the CMOS area factor.
    EXPECT_NEAR(
        component_area(other.tile_components, "array_cells") / component_area(at32.tile_components, "array_cells"),
        (node / 32.0) * (node / 32.0), 1e-12);
    EXPECT_NEAR(
        component_area(other.node_components, "digital_unit") / component_area(at32.node_components, "digital_unit"),
        area_ratio, 1e-12);
  }
}

TEST(TileTechnology, ArrayReadEnergyPerNanosiemensIsVSquaredT) {
  const nlohmann::json array = periphery_json().at("array");
  const double file_v = array.at("read_voltage_v").get<double>();
  const double file_t = array.at("read_pulse_ns").get<double>();
  TileTechnologyInputs in = reference_inputs();
  // NeuRRAM gives neither: both from the periphery file. 1 nS x V^2 x t[ns] = V^2 t 1e-18 J.
  TileTechnology model = build_tile_technology(in);
  EXPECT_DOUBLE_EQ(model.energy_pj(kActionArrayReadNanosiemens), file_v * file_v * 1e-9 * file_t * 1e-9 * 1e12);
  EXPECT_DOUBLE_EQ(model.array_read_voltage_v, file_v);
  EXPECT_DOUBLE_EQ(model.array_read_pulse_ns, file_t);
  EXPECT_EQ(model.array_read_cycles, static_cast<std::uint32_t>(std::ceil(file_t * in.clock_mhz / 1000.0)));
  // A PCM device gives its read pulse: the device's pulse wins, the voltage still comes from the file.
  in.device = load_device(default_devices_file(), "pcm_joshi2020");
  model = build_tile_technology(in);
  EXPECT_DOUBLE_EQ(model.energy_pj(kActionArrayReadNanosiemens),
                   file_v * file_v * 1e-9 * in.device.read_pulse_ns * 1e-9 * 1e12);
  EXPECT_EQ(model.array_read_cycles, static_cast<std::uint32_t>(in.device.read_pulse_ns));  // 250 ns at 1 GHz
  // A device with both: neither comes from the file.
  in.device.read_voltage_v = 0.2;
  in.device.read_pulse_ns = 40;
  in.device.cell_area_f2 = 12;
  model = build_tile_technology(in);
  EXPECT_DOUBLE_EQ(model.energy_pj(kActionArrayReadNanosiemens), 0.2 * 0.2 * 40 * 1e-6);
  EXPECT_NEAR(component_area(model.tile_components, "array_cells"), 128.0 * 128.0 * 12 * 0.032 * 0.032 * 1e-6, 1e-15);
}

TEST(TileTechnology, ConversionCyclesAreCeilOfTimeTimesClock) {
  const nlohmann::json adc = periphery_json().at("adc");
  const double per_decision_ns =
      1e3 / adc.at("sample_rate_mhz").get<double>() / adc.at("nominal_resolution_bits").get<double>();
  TileTechnologyInputs in = reference_inputs();
  for (const std::uint32_t bits : {4u, 8u, 10u}) {
    for (const double clock : {100.0, 1000.0, 1200.0, 2500.0, 5000.0}) {
      in.geometry.adc_bits = bits;
      in.clock_mhz = clock;
      const TileTechnology model = build_tile_technology(in);
      const double time_ns = per_decision_ns * bits;  // 32 nm: the reference node, delay factor 1
      EXPECT_NEAR(model.adc_conversion_ns, time_ns, 1e-12);
      const auto expected = static_cast<std::uint32_t>(std::max(1.0, std::ceil(time_ns * clock / 1000.0 - 1e-9)));
      EXPECT_EQ(model.adc_conversion_cycles, expected) << bits << " bits at " << clock << " MHz";
    }
  }
  // 8 decisions at 1200 MHz fill exactly one cycle: no extra cycle from rounding noise.
  in.geometry.adc_bits = 8;
  in.clock_mhz = 1200.0;
  EXPECT_EQ(build_tile_technology(in).adc_conversion_cycles, 1u);
  in.clock_mhz = 2400.0;
  EXPECT_EQ(build_tile_technology(in).adc_conversion_cycles, 2u);
}

TEST(TileTechnology, PeripheryFileErrorsNameTheFileAndKey) {
  const nlohmann::json original = periphery_json();
  TileTechnologyInputs in = reference_inputs();
  {
    nlohmann::json edited = original;
    edited["adc"].erase("power_mw");
    PeripheryCopy copy("missing");
    copy.write(edited.dump());
    in.periphery_file = copy.path();
    expect_config_error(in, copy.path(), "adc.power_mw");
  }
  {
    nlohmann::json edited = original;
    edited["dac"]["bogus_mw"] = 1.0;
    PeripheryCopy copy("unknown");
    copy.write(edited.dump());
    in.periphery_file = copy.path();
    expect_config_error(in, copy.path(), "dac.bogus_mw");
  }
  {
    nlohmann::json edited = original;
    edited["array"]["read_voltage_v"] = -0.5;
    PeripheryCopy copy("range");
    copy.write(edited.dump());
    in.periphery_file = copy.path();
    expect_config_error(in, copy.path(), "array.read_voltage_v");
  }
  {
    nlohmann::json edited = original;
    edited.erase("sample_hold");
    PeripheryCopy copy("section");
    copy.write(edited.dump());
    in.periphery_file = copy.path();
    expect_config_error(in, copy.path(), "sample_hold");
  }
  {
    nlohmann::json edited = original;
    edited["activation_buffer"]["sram_cell"] = "no_such_cell";
    PeripheryCopy copy("cell");
    copy.write(edited.dump());
    in.periphery_file = copy.path();
    expect_config_error(in, copy.path(), "activation_buffer.sram_cell");
  }
  {
    const std::string text = original.dump(2);
    PeripheryCopy copy("truncated");
    copy.write(text.substr(0, text.size() / 2));
    in.periphery_file = copy.path();
    expect_config_error(in, copy.path(), "");  // malformed JSON: the file is named, no key
  }
}

TEST(TileTechnology, BadInputsAreRejected) {
  TileTechnologyInputs in = reference_inputs();
  in.node_nm = 33.0;  // not a node of node_scaling.json
  try {
    (void)build_tile_technology(in);
    ADD_FAILURE() << "expected a ConfigError";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("node_scaling.json"), std::string::npos);
  }
  in = reference_inputs();
  in.geometry.cols = 3;  // 2 x 2 slices do not fit
  EXPECT_THROW((void)build_tile_technology(in), std::invalid_argument);
  in = reference_inputs();
  in.clock_mhz = 0.0;
  EXPECT_THROW((void)build_tile_technology(in), std::invalid_argument);
  in = reference_inputs();
  in.device.g_max_us = 0.0;
  EXPECT_THROW((void)build_tile_technology(in), std::invalid_argument);
}

TEST(TileTechnology, ParametersUsedRecordSourcesAndScaledValues) {
  const TileTechnology model = build_tile_technology(reference_inputs());
  const auto& adc_power = model.parameters_used.at("tile_periphery.json:adc.power_mw");
  EXPECT_EQ(adc_power.at("unit"), "mW");
  EXPECT_NE(adc_power.at("source").get<std::string>().find("Murmann"), std::string::npos);
  EXPECT_TRUE(adc_power.contains("scaled_value"));
  EXPECT_EQ(model.parameters_used.at("tile_periphery.json:adc.sndr_db").at("unit"), "dB");
  EXPECT_TRUE(model.parameters_used.contains("derived:array_read_voltage_v"));
  EXPECT_TRUE(model.parameters_used.contains("digital_45nm.json:adder.energy_pj_per_bit"));
  EXPECT_TRUE(
      model.parameters_used.contains("sram_cells.json:cells.nvsim_cacti_6t_146f2_lstp_350k.leakage_uw_per_bit"));
}

}  // namespace
}  // namespace spinaps::memristor
