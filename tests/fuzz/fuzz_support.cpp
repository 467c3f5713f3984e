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

}  // namespace spinaps::fuzz
