#pragma once
/// Pictures of recorded gait results (docs/hdf5-schema.md), rendered offscreen with VTK: the
/// knee posed from the results with the contact pressure painted on the patellar cartilage, the
/// patella's path, charts, an animation, and a ParaView time series. Reads a model and results;
/// never simulates. Needs an X display or Xvfb (throws IoError saying so).
/// Frame: F = femur_distal_r (X anterior, Y superior, Z lateral), metres.
#include <cstdio>
#include <string>
#include <vector>

#include "patella/session/recorded_run.hpp"
#include "patella/model/model.hpp"

namespace patella::viz {

/// The knee views, each scenario in its own viewport side by side, one PNG per view and instant.
enum class KneeView { Anterior, Lateral, Sunrise, Articular };
inline const char* view_name(KneeView v) {
  switch (v) {
    case KneeView::Anterior: return "anterior";
    case KneeView::Lateral: return "lateral";
    case KneeView::Sunrise: return "sunrise";
    case KneeView::Articular: return "articular";
  }
  return "?";
}

struct Instant {
  bool peak_force = true;   ///< each run's frame of peak PF force (last cycle)
  double percent = 0.0;     ///< else the frame nearest this gait percent
  /// "peak" or e.g. "15pct"
  std::string label() const {
    if (peak_force) return "peak";
    char b[32];
    std::snprintf(b, sizeof b, "%gpct", percent);
    return b;
  }
};

struct PictureOptions {
  int viewport_width = 700, viewport_height = 700;  ///< [px] per scenario
  /// Colour-bar top [MPa]; 0: the largest pressure of the runs at the instants drawn.
  double pressure_max_MPa = 0.0;
};

/// Writes <dir>/knee_<view>_<instant>.png for each view and instant; returns the files.
std::vector<std::string> render_knee_views(const Model& model, const std::vector<RecordedRun>& runs,
                                           const std::vector<KneeView>& views,
                                           const std::vector<Instant>& instants,
                                           const std::string& dir, const PictureOptions& opt = {});

/// The patella's origin over the last cycle of each run, overlaid on the femur, from the front
/// and from the side: <dir>/patella_path.png.
std::string render_patella_paths(const Model& model, const std::vector<RecordedRun>& runs,
                                 const std::string& dir);

/// Lateral shift, lateral tilt, PF contact force and peak pressure against gait percent (VTK
/// charts), one line per run: <dir>/tracking_charts.png.
std::string render_tracking_charts(const std::vector<RecordedRun>& runs, const std::string& dir);

/// One cycle (the last) as a movie: each run a column, the knee from the side above the
/// articular pressure map. OGG Theora (<dir>/cycle.ogv) when `ogg`, else numbered PNG frames
/// <dir>/cycle_frames/frame_NNNN.png. Returns the movie file or the frame folder.
std::string render_cycle_animation(const Model& model, const std::vector<RecordedRun>& runs,
                                   const std::string& dir, bool ogg = true);

/// ParaView time series of one run: <dir>/<run>/<run>_NNNN.vtp per frame (the posed meshes with
/// cell arrays pressure_MPa and part, the ligament and muscle lines with force_N) and
/// <dir>/<run>.pvd (time = gait percent, continuing over cycles). Returns the .pvd.
std::string export_paraview(const Model& model, const RecordedRun& run, const std::string& dir);

}  // namespace patella::viz

namespace patella::viz {

/// An interactive window: each run a column (the knee from the side above the articular
/// pressure map), a slider for the gait percent, space to play or pause, left/right arrows to
/// step, keys 1-9 to show or hide a run, s to save the window as view_<percent>pct.png, q to
/// quit. close_after_s > 0 closes it by itself after that long; a non-empty `screenshot` is
/// written (PNG) just before it closes. @throws IoError when there is no display.
void view_interactive(const Model& model, const std::vector<RecordedRun>& runs,
                      double close_after_s = 0.0, const std::string& screenshot = "");

}  // namespace patella::viz
