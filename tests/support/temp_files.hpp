#pragma once
/// Temporary files for tests, and checks that atomic writes left nothing behind.
#include <filesystem>
#include <fstream>
#include <string>

namespace patella::test {

/// True if a temporary sibling of `path` (path + ".tmp" + anything) was left behind.
inline bool temp_left(const std::filesystem::path& path) {
  const std::string prefix = path.filename().string() + ".tmp";
  const std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  if (!std::filesystem::exists(dir)) return false;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) return true;
  return false;
}

/// A fresh folder `name` under the system's temporary folder (created if missing).
inline std::filesystem::path temp_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(dir);
  return dir;
}

/// Writes `bytes` to `path` as they are (binary).
inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace patella::test
