#pragma once
// Where spinaps finds its data at run time: technology and device files, default configurations,
// the bundled digits, trained weights, the edge PtychoNN model, report schemas and tolerances, the
// plotting script. Nothing is compiled in from the source tree, so the binary runs from anywhere:
//   1. $SPINAPS_SHARE_DIR, when set;
//   2. <directory of the executable>/../share/spinaps   (an installed prefix: PREFIX/bin/spinaps);
//   3. <directory of the executable>/share/spinaps      (the build tree: build/spinaps; the build
//      tree's tests in build/tests find build/share/spinaps through 2).
// The build tree's share/spinaps is made of links to the source folders (CMakeLists.txt).
// A candidate counts when it holds models/tech/node_scaling.json.
#include <string>

namespace spinaps::io {

/// The data root (absolute). Throws std::runtime_error naming every place looked at when none
/// holds the data.
const std::string& data_root();

/// data_root() / relative.
std::string data_path(const std::string& relative);

/// `path` relative to the data root when it lies inside it (reports then name "models/tech", not
/// a machine's absolute path); otherwise `path` unchanged.
std::string relative_to_data_root(const std::string& path);

/// The environment variable that overrides the data root.
inline constexpr const char* kDataDirVariable = "SPINAPS_SHARE_DIR";

}  // namespace spinaps::io
