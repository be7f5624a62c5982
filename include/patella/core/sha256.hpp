#pragma once
/// SHA-256 (FIPS 180-4) of a byte string or a file, as lowercase hex: provenance of the model
/// files a result was computed from.
#include <string>

namespace patella {

std::string sha256_hex(const std::string& bytes);

/// @throws IoError if the file cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace patella
