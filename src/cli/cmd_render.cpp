// patella render: pictures, charts, an animation and a ParaView export of recorded results.
#include <filesystem>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "results_model.hpp"
#include "patella/core/error.hpp"
#ifdef PATELLA_HAVE_VIZ
#include "patella/viz/knee_pictures.hpp"
#include "patella/viz/plots.hpp"
#include "sweep_pictures.hpp"
#include "viz_module.hpp"
#endif
#include "patella/io/sweep_results.hpp"

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
const char* kHelp =
    "patella render RESULTS.h5 [--scenario NAME ...] [--out DIR]: pictures of recorded results\n"
    "\n"
    "RESULTS.h5 is what `patella run` or `patella compare` wrote (or `patella sweep`: then its\n"
    "bands and tornado charts, <name>_bands.png and <name>_tornado.png, are drawn).\n"
    "Nothing is simulated: the knee\n"
    "is posed from the file and drawn offscreen with VTK (needs a display or xvfb-run -a).\n"
    "Writes into DIR (default results/render, created if missing):\n"
    "  knee_<view>_<instant>.png  the knee, each scenario side by side; views anterior, lateral,\n"
    "                             sunrise (axial, from distal, tibia hidden) and articular (the\n"
    "                             patellar cartilage from behind); contact pressure painted on the\n"
    "                             patellar cartilage with a colour bar in MPa\n"
    "  patella_path.png           the patella's path over the cycle, all scenarios overlaid\n"
    "  tracking_charts.png        lateral shift, lateral tilt, PF force, peak pressure vs gait %\n"
    "  cycle.ogv                  one cycle as a movie (OGG Theora), or cycle_frames/*.png\n"
    "  <scenario>.pvd + <scenario>/*.vtp   with --paraview: a ParaView time series\n"
    "\n"
    "  --scenario NAME  a scenario of a compare file (repeatable; default all)\n"
    "  --out DIR        output folder\n"
    "  --at PERCENT     also draw the knee views at this gait percent (repeatable; the peak-PF-\n"
    "                   force frame of each scenario is always drawn)\n"
    "  --views LIST     comma-separated subset of anterior,lateral,sunrise,articular\n"
    "  --no-animation   skip the movie\n"
    "  --png-frames     write the movie as numbered PNG frames instead of OGG Theora\n"
    "  --paraview       also write the ParaView time series (about 2 MB per frame and scenario)\n"
    "  --model DIR      the model folder (default: the one the results name)\n"
    "  --quiet          no progress\n"
    "\n"
    "Exit codes: 0 ok; 1 unreadable results, unknown scenario or no display; 2 bad flag.\n";
}  // namespace

int cmd_render(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--scenario", true}, {"--out", true}, {"--at", true},
                             {"--views", true}, {"--no-animation", false}, {"--png-frames", false},
                             {"--paraview", false}, {"--model", true}, {"--quiet", false}, {"", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  const std::string file = results_file_argument(a, "render");
#ifndef PATELLA_HAVE_VIZ
  throw UsageError("render: this build has no VTK (PATELLA_BUILD_VIZ=OFF)");
#else
  const std::string out = a.str("--out", "results/render");
  const bool quiet = a.has("--quiet");
  if (is_sweep_file(file)) {
    const SweepResults sweep = read_sweep_summary(file);
    if (!viz_module().can_render())
      throw IoError("render: no display; run it under xvfb-run -a (e.g. xvfb-run -a patella render " + file + ")");
    fs::create_directories(out);
    for (const std::string& f : draw_sweep_pictures(sweep, out))
      if (!quiet) std::cerr << "patella render: wrote " << f << "\n";
    return 0;
  }
  std::vector<viz::KneeView> views{viz::KneeView::Anterior, viz::KneeView::Lateral,
                                   viz::KneeView::Sunrise, viz::KneeView::Articular};
  if (a.has("--views")) {
    views.clear();
    std::stringstream ss(a.str("--views", ""));
    for (std::string v; std::getline(ss, v, ',');) {
      bool known = false;
      for (auto k : {viz::KneeView::Anterior, viz::KneeView::Lateral, viz::KneeView::Sunrise,
                     viz::KneeView::Articular})
        if (v == viz::view_name(k)) views.push_back(k), known = true;
      if (!known)
        throw UsageError("--views: '" + v + "' is not a view (anterior, lateral, sunrise, articular)");
    }
  }
  std::vector<viz::Instant> instants{viz::Instant{}};
  if (a.has("--at"))
    for (const std::string& v : a.values.at("--at")) {
      const double pct = parse_number("--at", v);
      if (pct < 0 || pct > 100) throw UsageError("--at: '" + v + "' is outside [0, 100] %");
      instants.push_back(viz::Instant{false, pct});
    }
  // everything that can be checked before drawing: the file, the scenarios, the display
  const std::vector<RecordedRun> runs = results_runs(a, file);
  if (!viz_module().can_render())
    throw IoError("render: no display; run it under xvfb-run -a (e.g. xvfb-run -a patella render " +
                  file + ")");
  const std::unique_ptr<Model> model = model_of_results(file, runs, a.str("--model", ""));
  std::error_code ec;
  fs::create_directories(out, ec);
  if (!fs::is_directory(out)) throw IoError(out + ": cannot create the output folder");
  auto say = [&](const std::string& f) {
    if (!quiet) std::cerr << "patella render: wrote " << f << "\n";
  };
  for (const std::string& f : viz_module().render_knee_views(*model, runs, views, instants, out, viz::PictureOptions{})) say(f);
  say(viz_module().render_patella_paths(*model, runs, out));
  say(viz_module().render_tracking_charts(runs, out));
  if (!a.has("--no-animation")) {
    if (!quiet) std::cerr << "patella render: animating one cycle...\n";
    say(viz_module().render_cycle_animation(*model, runs, out, !a.has("--png-frames")));
  }
  if (a.has("--paraview"))
    for (const RecordedRun& r : runs) {
      if (!quiet) std::cerr << "patella render: ParaView export of " << r.name << "...\n";
      say(viz_module().export_paraview(*model, r, out));
    }
  return 0;
#endif
}

}  // namespace patella::cli
