// libsystemc.so provides main() and calls sc_main(); the tests run from here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <systemc>

namespace {
// The SystemC kernel prints its banner when it starts unless this variable is set; set it before
// the kernel starts (static initialisation runs before libsystemc's main()) so that reports and
// test output stay clean. An explicit setting by the user wins.
const int kQuietSystemC = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
}  // namespace

int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
