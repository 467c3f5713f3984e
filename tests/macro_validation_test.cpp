// Section 5 of the validation report: the published-macro data file loads strictly, the tile model
// configured like each macro gives finite positive figures, a node without scaling data becomes the
// nearest one and the report says so, the section is deterministic, and more ADC bits cost TOPS/W.
#include "tools/validation/macro_validation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "models/config/config_reader.h"

namespace spinaps::validation {
namespace {

namespace fs = std::filesystem;

nlohmann::json macros_json() {
  std::ifstream stream(default_published_macros_file());
  return nlohmann::json::parse(stream);
}

fs::path scratch_directory() {
  return fs::path(::testing::TempDir()) / ("spinaps_macros_" + std::to_string(::getpid()));
}

/// A copy of the data file with `change` applied, in a scratch directory of this test process.
std::string changed_copy(const std::string& name, const std::function<void(nlohmann::json&)>& change) {
  fs::create_directories(scratch_directory());
  nlohmann::json document = macros_json();
  change(document);
  const fs::path file = scratch_directory() / name;
  std::ofstream(file) << document.dump(2);
  return file.string();
}

/// Tests that write changed copies of the data file remove them afterwards.
class MacroValidationCopies : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(scratch_directory()); }
};

TEST(MacroValidation, DataFileLoadsWithNeuRramFirstAndComparesOnlyPrimaryFigures) {
  const std::vector<PublishedMacro> macros = load_published_macros(default_published_macros_file());
  ASSERT_GE(macros.size(), 2U);
  ASSERT_LE(macros.size(), 4U);
  EXPECT_EQ(macros.front().name, "NeuRRAM");
  std::size_t compared = 0;
  for (const PublishedMacro& macro : macros) {
    EXPECT_FALSE(macro.citation.empty()) << macro.id;
    EXPECT_TRUE(macro.stated.node_nm.known) << macro.id;
    for (const StatedItem* figure : {&macro.published.tops_per_w, &macro.published.tops_per_mm2}) {
      EXPECT_EQ(figure->known, figure->confidence == "P") << macro.id;
      if (figure->known) ++compared;
    }
  }
  // NeuRRAM's absolute figures are only in a plot: it is configured but compared with nothing.
  EXPECT_FALSE(macros.front().published.tops_per_w.known);
  EXPECT_GE(compared, 2U);
}

TEST(MacroValidation, EveryMacroGivesPositiveFiniteFigures) {
  const MacroValidation validation = compare_with_published_macros(default_published_macros_file(), "");
  ASSERT_FALSE(validation.comparisons.empty());
  for (const MacroComparison& c : validation.comparisons) {
    const MacroModelFigures& f = c.model;
    for (const double value :
         {f.tops_per_w, f.tops_per_mm2, f.energy_pj, f.area_mm2, f.interval_ns(), f.latency_ns()}) {
      EXPECT_TRUE(std::isfinite(value) && value > 0.0) << c.macro.id << ": " << value;
    }
    EXPECT_EQ(f.ops_per_mvm, 2U * static_cast<std::uint64_t>(f.logical_rows * f.logical_columns)) << c.macro.id;
    // The digital units and buffers are not part of a macro.
    for (const EnergyTerm& term : f.energy) {
      EXPECT_EQ(term.action.rfind("digital.", 0), std::string::npos) << term.action;
      EXPECT_EQ(term.action.rfind("buffer.", 0), std::string::npos) << term.action;
    }
  }
}

TEST_F(MacroValidationCopies, MisspeltKeyIsAConfigErrorNamingTheKey) {
  const std::string file = changed_copy("misspelt.json", [](nlohmann::json& document) {
    nlohmann::json& stated = document["macros"][1]["stated"];
    stated["adc_bitz"] = stated["adc_bits"];
    stated.erase("adc_bits");
  });
  try {
    (void)load_published_macros(file);
    FAIL() << "expected a config::ConfigError";
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.key(), "macros[1].stated.adc_bitz") << error.what();
    EXPECT_NE(std::string(error.what()).find("unknown key"), std::string::npos) << error.what();
  }
}

TEST_F(MacroValidationCopies, AComparedFigureMustBeConfirmedInThePrimarySource) {
  const std::string file = changed_copy("secondary.json", [](nlohmann::json& document) {
    document["macros"][0]["published"]["tops_per_w"] = {{"value", 20.0}, {"confidence", "S"}, {"source", "x"}};
  });
  try {
    (void)load_published_macros(file);
    FAIL() << "expected a config::ConfigError";
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.key(), "macros[0].published.tops_per_w.confidence") << error.what();
  }
}

TEST(MacroValidation, SectionIsDeterministic) {
  const std::string first = render_macro_comparison(compare_with_published_macros(default_published_macros_file(), ""));
  const std::string second =
      render_macro_comparison(compare_with_published_macros(default_published_macros_file(), ""));
  EXPECT_EQ(first, second);
  EXPECT_NE(first.find("published value not confirmed"), std::string::npos);
}

TEST_F(MacroValidationCopies, MoreAdcBitsLowerTopsPerWatt) {
  const MacroValidation base = compare_with_published_macros(default_published_macros_file(), "");
  const nlohmann::json document = macros_json();
  std::size_t checked = 0;
  for (std::size_t n = 0; n < base.comparisons.size(); ++n) {
    const nlohmann::json& adc_bits = document["macros"][n]["stated"]["adc_bits"];
    if (adc_bits["value"].is_null()) continue;
    const std::string file = changed_copy("adc_" + std::to_string(n) + ".json", [n](nlohmann::json& changed) {
      nlohmann::json& value = changed["macros"][n]["stated"]["adc_bits"]["value"];
      value = value.get<int>() + 2;
    });
    const MacroValidation more = compare_with_published_macros(file, "");
    EXPECT_LT(more.comparisons[n].model.tops_per_w, base.comparisons[n].model.tops_per_w)
        << base.comparisons[n].macro.id;
    ++checked;
  }
  EXPECT_GE(checked, 1U);
}

TEST_F(MacroValidationCopies, NodeWithoutScalingDataUsesTheNearestAndSaysSo) {
  const std::string file = changed_copy(
      "node.json", [](nlohmann::json& document) { document["macros"][0]["stated"]["node_nm"]["value"] = 55; });
  const MacroValidation validation = compare_with_published_macros(file, "");
  const MacroModelFigures& model = validation.comparisons.front().model;
  EXPECT_TRUE(model.node_substituted);
  // 65 nm is nearer to 55 nm than 45 nm in log distance (the scaling file interpolates log-log).
  EXPECT_EQ(model.inputs.node_nm, 65.0);
  const std::string section = render_macro_comparison(validation);
  EXPECT_NE(section.find("55 nm has no scaling data"), std::string::npos);
  EXPECT_NE(section.find("55 -> 65"), std::string::npos);
}

}  // namespace
}  // namespace spinaps::validation
