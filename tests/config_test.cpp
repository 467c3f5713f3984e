// Configuration: the default parses; misspelt keys, wrong types and out-of-range values are each
// rejected with one message naming the file, the key, the value and what is allowed.
#include <gtest/gtest.h>

#include <fstream>

#include "hw/chip/chip_config.h"

namespace spinaps {
namespace {

const std::string kDefaultConfig = std::string(SPINAPS_SOURCE_DIR) + "/configs/spinaps.json";

std::string error_of(const config::Json& document) {
  try {
    (void)chip::parse_chip_config(document, "test.json");
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  return "";
}

std::string error_of_override(const std::string& assignment) {
  try {
    (void)chip::load_chip_config(kDefaultConfig, {assignment});
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(Config, DefaultConfigurationParses) {
  const chip::ChipConfig config = chip::load_chip_config(kDefaultConfig, {});
  EXPECT_EQ(config.snn.inputs, 784U);
  EXPECT_EQ(config.crossbar.rows, 256U);
  EXPECT_GT(config.clock.frequency_mhz, 0.0);
  EXPECT_FALSE(config.snn.weights_file.empty());
}

TEST(Config, MisspeltKeyIsRejectedByName) {
  config::Json document = config::read_json_file(kDefaultConfig);
  document["crossbar"]["rowz"] = 128;
  const std::string message = error_of(document);
  EXPECT_NE(message.find("test.json"), std::string::npos) << message;
  EXPECT_NE(message.find("crossbar.rowz"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key"), std::string::npos) << message;
}

TEST(Config, WrongTypeNamesKeyValueAndExpectation) {
  config::Json document = config::read_json_file(kDefaultConfig);
  document["neuron"]["mac_lanes"] = "sixteen";
  const std::string message = error_of(document);
  EXPECT_NE(message.find("neuron.mac_lanes"), std::string::npos) << message;
  EXPECT_NE(message.find("\"sixteen\""), std::string::npos) << message;
  EXPECT_NE(message.find("expected an integer"), std::string::npos) << message;
}

TEST(Config, OutOfRangeOverrideIsRejected) {
  const std::string message = error_of_override("snn.weight_bits=40");
  EXPECT_NE(message.find("snn.weight_bits"), std::string::npos) << message;
  EXPECT_NE(message.find("40"), std::string::npos) << message;
  EXPECT_NE(message.find("[1, 16]"), std::string::npos) << message;
}

TEST(Config, OverrideChangesTheValue) {
  const chip::ChipConfig config =
      chip::load_chip_config(kDefaultConfig, {"clock.frequency_mhz=1000", "snn.early_stop=false"});
  EXPECT_DOUBLE_EQ(config.clock.frequency_mhz, 1000.0);
  EXPECT_FALSE(config.snn.early_stop);
  EXPECT_DOUBLE_EQ(config.document["clock"]["frequency_mhz"].get<double>(), 1000.0);
}

TEST(Config, OverrideOfUnknownKeyIsRejected) {
  const std::string message = error_of_override("neuron.mac_lane=8");
  EXPECT_NE(message.find("neuron.mac_lane"), std::string::npos) << message;
}

TEST(Config, OverrideWithBytesThatAreNotUtf8IsRejectedByName) {
  // Found by fuzz_chip_config: quoting the value in the message must not itself throw.
  const std::string message = error_of_override(
      "crossbar.rows=\xd1"
      "28");
  EXPECT_NE(message.find("crossbar.rows"), std::string::npos) << message;
  EXPECT_NE(message.find("expected an integer"), std::string::npos) << message;
}

TEST(Config, MalformedOverrideIsRejected) {
  EXPECT_NE(error_of_override("clock.frequency_mhz").find("key.path=value"), std::string::npos);
}

TEST(Config, MissingRequiredKeyIsNamed) {
  config::Json document = config::read_json_file(kDefaultConfig);
  document["snn"].erase("time_steps");
  const std::string message = error_of(document);
  EXPECT_NE(message.find("snn.time_steps"), std::string::npos) << message;
  EXPECT_NE(message.find("missing"), std::string::npos) << message;
}

TEST(Config, MalformedJsonNamesTheFile) {
  const std::string path = ::testing::TempDir() + "/malformed.json";
  {
    std::ofstream stream(path);
    stream << "{\"name\": \"x\", ";
  }
  try {
    (void)chip::load_chip_config(path, {});
    FAIL() << "no error";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("malformed JSON"), std::string::npos);
  }
}

TEST(Config, SigmoidEntriesMustBeAPowerOfTwo) {
  EXPECT_NE(error_of_override("snn.sigmoid_lut_entries=48").find("power of two"), std::string::npos);
}

}  // namespace
}  // namespace spinaps
