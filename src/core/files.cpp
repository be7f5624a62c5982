#include "patella/core/files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
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

bool try_read_file(const std::string& path, FileBytes& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  struct stat st {};
  bool ok = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0;
  FileBytes b;
  if (ok) {
    b.size = static_cast<std::size_t>(st.st_size);
    b.data.reset(new char[b.size + 1]);  // uninitialised: fread fills it
    ok = std::fread(b.data.get(), 1, b.size, f) == b.size && std::fgetc(f) == EOF;
    b.data[b.size] = '\0';
  }
  std::fclose(f);
  if (ok) out = std::move(b);
  return ok;
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
