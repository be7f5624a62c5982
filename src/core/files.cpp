#include "patella/core/files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "patella/core/error.hpp"

namespace patella {

void require_input_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(st))
    throw IoError(path + ": cannot open " + what + " (it is a folder, not a file)");
  if (!std::filesystem::exists(st))
    throw IoError(path + ": cannot open " + what + " (no such file)");
}

bool path_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) && !ec;
}

std::ifstream open_input_file(const std::string& path, const std::string& what,
                              std::ios::openmode mode) {
  require_input_file(path, what);
  std::ifstream in(path, mode);
  if (!in) throw IoError(path + ": cannot open " + what + " (" + std::strerror(errno) + ")");
  return in;
}

}  // namespace patella
