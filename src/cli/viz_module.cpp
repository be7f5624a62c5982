#include "viz_module.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "patella/core/error.hpp"

namespace patella::cli {

namespace {
// PATELLA_VIZ_MODULE names another file; else patella_viz.so beside this executable
std::string module_path() {
  if (const char* env = std::getenv("PATELLA_VIZ_MODULE"); env && *env) return env;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ((ec ? std::filesystem::path(".") : exe.parent_path()) / "patella_viz.so").string();
}
}  // namespace

const viz::ModuleApi& viz_module() {
  static const viz::ModuleApi* api = nullptr;
  static std::string failure;
  if (api) return *api;
  if (failure.empty()) {
    const std::string path = module_path();
    const std::string what = "pictures: the VTK module " + path;
    if (void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL); !h) {
      const char* e = dlerror();
      failure = what + " did not load (" + (e ? e : "unknown error") +
                "); it is built with the executable (cmake -DPATELLA_BUILD_VIZ=ON), or set "
                "PATELLA_VIZ_MODULE to its path";
    } else if (auto entry = reinterpret_cast<const viz::ModuleApi* (*)()>(dlsym(h, "patella_viz_api"));
               !entry) {
      failure = what + " has no patella_viz_api(): not a patella pictures module";
    } else if (const viz::ModuleApi* a = entry(); !a || a->abi != viz::kModuleAbi) {
      failure = what + " is from another build (interface " + std::to_string(a ? a->abi : -1) +
                ", this program needs " + std::to_string(viz::kModuleAbi) + "): rebuild it";
    } else {
      api = a;
      return *api;
    }
  }
  throw IoError(failure);
}

bool viz_can_render() {
  try {
    return viz_module().can_render();
  } catch (const IoError& e) {
    static bool said = false;
    if (!said) std::cerr << e.what() << "\n";
    said = true;
    return false;
  }
}

}  // namespace patella::cli
