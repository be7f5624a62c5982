#pragma once
// What every fuzz target shares: the readers take paths, so each input is written to a file in
// this process's own folder first; and the contract under test is that a reader given any bytes
// either returns or throws a patella::Error (the CLI's "bad input, exit 1"). Any other exception
// escapes the target, and libFuzzer reports it as a crash with the input that caused it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace patella::fuzz {

/// A folder of this process's own under TMPDIR (or /tmp), made once; or PATELLA_FUZZ_DIR, which
/// run_fuzzer.sh sets to a relative path so that the input's path, which the readers compare and
/// copy, is the same string on every machine and run (one cause fewer of runs from a fixed seed
/// taking different paths; they still do, tests/fuzz/upstream/README.md).
inline const std::filesystem::path& work_dir() {
  static const std::filesystem::path dir = [] {
    if (const char* fixed = std::getenv("PATELLA_FUZZ_DIR"); fixed && *fixed) {
      std::filesystem::create_directories(fixed);
      return std::filesystem::path(fixed);
    }
    const char* base = std::getenv("TMPDIR");
    std::filesystem::path d = std::filesystem::path(base && *base ? base : "/tmp") /
                              ("patella_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

/// Writes bytes to `name` in the work folder and returns its path.
inline std::string write_input(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::string path = (work_dir() / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace patella::fuzz
