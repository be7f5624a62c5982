// libFuzzer target: the scenario YAML reader with `extends`. An input is a scenario and,
// after a line "#%parent", the file it may extend (written as parent.yaml beside it). Both sit
// in a scenarios/ folder whose ../models is the project's, so the shipped scenarios' paths
// resolve and the fuzzer reaches past them into every key.
#include <cstring>

#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/scenario.hpp"

#ifndef PATELLA_SOURCE_DIR
#error "PATELLA_SOURCE_DIR must name the source tree (for models/)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  static const fs::path dir = [] {
    const fs::path root = patella::fuzz::work_dir();
    fs::create_directories(root / "scenarios");
    std::error_code ec;
    fs::create_directory_symlink(fs::path(PATELLA_SOURCE_DIR) / "models", root / "models", ec);
    return root / "scenarios";
  }();
  static const char marker[] = "\n#%parent\n";
  const char* text = reinterpret_cast<const char*>(data);
  const char* split = static_cast<const char*>(
      memmem(text, size, marker, sizeof(marker) - 1));
  const std::size_t child_size = split ? static_cast<std::size_t>(split - text) : size;
  const std::string child = (dir / "scenario.yaml").string();
  std::ofstream(child, std::ios::binary | std::ios::trunc).write(text, child_size);
  const std::size_t rest = split ? size - child_size - (sizeof(marker) - 1) : 0;
  std::ofstream(dir / "parent.yaml", std::ios::binary | std::ios::trunc)
      .write(split ? split + sizeof(marker) - 1 : text, static_cast<std::streamsize>(rest));
  try {
    (void)patella::read_scenario(child);
  } catch (const patella::Error&) {
  }
  return 0;
}
