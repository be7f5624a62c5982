// patella view: an interactive window over recorded results (a display is needed).
#include <cstdlib>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "results_model.hpp"
#include "patella/core/error.hpp"
#ifdef PATELLA_HAVE_VIZ
#include "patella/viz/knee_pictures.hpp"
#include "patella/viz/plots.hpp"
#include "viz_module.hpp"
#endif


namespace patella::cli {

namespace {
const char* kHelp =
    "patella view RESULTS.h5 [--scenario NAME ...]: the knee over the cycle, interactively\n"
    "\n"
    "One column per scenario: the knee from the lateral side above the patellar cartilage's\n"
    "contact pressure (MPa). Slider: gait percent. Keys: space play/pause, left/right step 1 %,\n"
    "1-9 show or hide a scenario, s save a screenshot, q quit. Nothing is simulated.\n"
    "\n"
    "  --scenario NAME  a scenario of a compare file (repeatable; default all)\n"
    "  --model DIR      the model folder (default: the one the results name)\n"
    "  --close-after S  close by itself after S seconds\n"
    "  --screenshot F   save the window as a PNG when it closes (key s saves one any time)\n"
    "\n"
    "Without a display it says so in one line and exits 1: use `patella render` for pictures.\n"
    "Exit codes: 0 closed; 1 no display, unreadable results or unknown scenario; 2 bad flag.\n";
}  // namespace

int cmd_view(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--scenario", true}, {"--model", true},
                             {"--close-after", true}, {"--screenshot", true}, {"", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  const std::string file = results_file_argument(a, "view");
  const double close_after = a.number("--close-after", 0.0, 0.0, 86400.0);
#ifndef PATELLA_HAVE_VIZ
  throw UsageError("view: this build has no VTK (PATELLA_BUILD_VIZ=OFF)");
#else
  const char* display = std::getenv("DISPLAY");
  if (!viz_module().can_render()) {
    std::cerr << "patella view: no display (DISPLAY is not set); for pictures use: patella render "
              << file << " --out DIR\n";
    return 1;
  }
  const std::vector<RecordedRun> runs = results_runs(a, file);
  const std::unique_ptr<Model> model = model_of_results(file, runs, a.str("--model", ""));
  try {
    viz_module().view_interactive(*model, runs, close_after, a.str("--screenshot", ""));
  } catch (const viz::DisplayError& e) {
    std::cerr << "patella view: cannot open a window on display '" << (display ? display : "")
              << "' (" << e.what() << "); for pictures use: patella render " << file << " --out DIR\n";
    return 1;
  }
  return 0;
#endif
}

}  // namespace patella::cli
