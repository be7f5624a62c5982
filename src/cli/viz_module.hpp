#pragma once
// The pictures' module (include/patella/viz/module.hpp), loaded on first use.
#include "patella/viz/module.hpp"

namespace patella::cli {

/// The loaded module's functions. @throws IoError naming the file it looked for and why it
/// could not load it (missing, another build's, no such symbol).
const viz::ModuleApi& viz_module();

/// Whether pictures can be drawn here: the module loads and there is a display. Without the
/// module, says why on stderr once.
bool viz_can_render();

}  // namespace patella::cli
