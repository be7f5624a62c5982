#pragma once
#include <string>

#include "patella/model/spec.hpp"

namespace patella {

/// Reads a binary or ASCII STL file [m] into an indexed mesh (coincident vertices merged
/// exactly). @throws IoError naming the file (and line for ASCII) on a missing, truncated,
/// empty or non-finite file.
TriMesh read_stl(const std::string& path);

}  // namespace patella
