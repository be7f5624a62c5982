// The module's entry point (patella/viz/module.hpp): the table of the pictures' functions.
#include "patella/viz/module.hpp"

extern "C" __attribute__((visibility("default"))) const patella::viz::ModuleApi* patella_viz_api() {
  using namespace patella::viz;
  static const ModuleApi api{kModuleAbi,           &can_render,           &plot_panels,
                             &plot_sweep,          &render_knee_views,    &render_patella_paths,
                             &render_tracking_charts, &render_cycle_animation, &export_paraview,
                             &view_interactive};
  return &api;
}
