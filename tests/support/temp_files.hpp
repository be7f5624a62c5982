#pragma once
/// Checks that atomic writes left nothing behind.
#include <filesystem>
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

}  // namespace patella::test
