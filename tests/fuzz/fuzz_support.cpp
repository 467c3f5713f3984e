#include "tests/fuzz/fuzz_support.h"

#include <unistd.h>

#include <fstream>

// libsystemc.so calls sc_main from its main(); libFuzzer brings its own main(), which wins, but
// the library still needs the symbol.
extern "C" int sc_main(int /*argc*/, char* /*argv*/[]) { return 0; }  // C linkage, as SystemC declares it

namespace spinaps::fuzz {

std::string write_scratch_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::string path = "/tmp/spinaps-fuzz-" + std::to_string(::getpid()) + "-" + name;
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

ConfigInput split_override_line(const std::uint8_t* data, std::size_t size) {
  ConfigInput input;
  input.text.assign(reinterpret_cast<const char*>(data), size);
  if (input.text.rfind("-p ", 0) == 0) {
    const auto newline = input.text.find('\n');
    const std::string line = input.text.substr(3, newline == std::string::npos ? std::string::npos : newline - 3);
    if (!line.empty()) input.overrides.push_back(line);
    input.text = newline == std::string::npos ? "" : input.text.substr(newline + 1);
  }
  return input;
}

}  // namespace spinaps::fuzz
