#pragma once
/// The pictures as a module loaded at run time (dlopen), so that a `patella` process that draws
/// nothing does not load VTK: its 130-odd shared libraries cost the dynamic loader about 130
/// million instructions at every start (callgrind), more than loading the knee model.
/// The module (patella_viz.so, beside the `patella` executable) exports one C function,
/// patella_viz_api(), returning this table. Both sides are built from these headers in one
/// build; `abi` guards against a module left from another build.
#include <string>
#include <vector>

#include "patella/viz/knee_pictures.hpp"
#include "patella/viz/plots.hpp"

namespace patella::viz {

/// Bumped whenever this table or the types it passes change.
constexpr int kModuleAbi = 2;

struct ModuleApi {
  int abi;
  bool (*can_render)();
  void (*plot_panels)(const std::string& png, const std::vector<Panel>& panels, int width_px,
                      int height_px);
  void (*plot_sweep)(const std::string& png, const ColumnTable& table, const std::string& title);
  std::vector<std::string> (*render_knee_views)(const Model& model, const std::vector<RecordedRun>& runs,
                                                const std::vector<KneeView>& views,
                                                const std::vector<Instant>& instants,
                                                const std::string& dir, const PictureOptions& opt);
  std::string (*render_patella_paths)(const Model& model, const std::vector<RecordedRun>& runs,
                                      const std::string& dir);
  std::string (*render_tracking_charts)(const std::vector<RecordedRun>& runs, const std::string& dir);
  std::string (*render_cycle_animation)(const Model& model, const std::vector<RecordedRun>& runs,
                                        const std::string& dir, bool ogg);
  std::string (*export_paraview)(const Model& model, const RecordedRun& run, const std::string& dir);
  void (*view_interactive)(const Model& model, const std::vector<RecordedRun>& runs,
                           double close_after_s, const std::string& screenshot);
};

}  // namespace patella::viz

/// The module's one exported symbol.
extern "C" const patella::viz::ModuleApi* patella_viz_api();
