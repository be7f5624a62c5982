// patella run: a scenario over the gait cycle.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "interrupt.hpp"
#include "staged_output.hpp"
#include "patella/core/error.hpp"
#include "patella/gait/budget_report.hpp"
#include "patella/gait/summary.hpp"
#include "patella/io/gait_results.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/scenario.hpp"
#include "patella/session/protocol.hpp"
#include "patella/session/provenance.hpp"
#ifdef PATELLA_HAVE_VIZ
#include "patella/viz/plots.hpp"
#include "viz_module.hpp"
#endif

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
const char* kHelp =
    "patella run SCENARIO.yaml: simulate the scenario's gait cycle(s)\n"
    "\n"
    "Inverse dynamics -> static optimisation iterated with the patellofemoral equilibrium ->\n"
    "activation dynamics integrated with Boost.Odeint -> the patella under the integrated muscle\n"
    "forces at every frame. Writes DIR/<name>.csv, DIR/<name>.h5 and the OpenSim files\n"
    "DIR/<name>_forces.sto (with the reserves), _activations.sto, _kinematics.mot, _grf.mot\n"
    "and _external_loads.xml, all in the trial's own time base, and prints a per-cycle summary\n"
    "(peaks, means and where they fall; each joint's reserve and the saturated muscles).\n"
    "\n"
    "  --out DIR     output folder (default results/, created if missing)\n"
    "  --png FILE    plot PF contact force, lateral shift and lateral tilt over the cycle\n"
    "  --quiet       no summary, no progress\n"
    "  --explain PCT print the force budget on the patella at PCT % of the cycle (the nearest\n"
    "                frame), or at the peak PF force frame with 'peak': each quadriceps head,\n"
    "                ligament group, the ITB's iliopatellar band and each facet's contact, in\n"
    "                femur_distal_r (N); the CSV has the lateral components at every frame\n"
    "                (budget_lateral_*_N) and the HDF5 the full vectors and moments\n"
    "                (/gait/force_budget_N); then the influence of 100 N added along each\n"
    "                quadriceps line and the ITB on shift, tilt and PF force at that frame\n"
    "\n"
    "Scenario keys are strict, every value with its unit: `patella scenario-keys` lists them\n"
    "(as scenarios/README.md does). A protocol also writes DIR/<name>_protocol.csv.\n"
    "\n"
    "The files are moved into DIR together once all are written: a failure, Ctrl-C (SIGINT) or\n"
    "SIGTERM leaves DIR's earlier results as they were (a run killed outright is cleaned up by\n"
    "the next run or compare into DIR).\n"
    "\n"
    "Exit codes: 0 ok; 1 bad scenario, model or input file, or a file that cannot be written;\n"
    "2 bad flag; 3 some frame did not converge (results written, flagged in the 'converged'\n"
    "column); 130 interrupted by SIGINT, 143 by SIGTERM (nothing written).\n";
}  // namespace

int cmd_run(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--out", true}, {"--quiet", false}, {"--png", true},
                                            {"--explain", true}, {"", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  if (!a.has("") || a.values.at("").size() != 1)
    throw UsageError("give exactly one scenario file (patella run SCENARIO.yaml)");
  const std::string scenario_file = a.values.at("")[0];
  const bool quiet = a.has("--quiet");
  const std::string out_dir = a.str("--out", "results");
  const std::string png = a.str("--png", "");
  const double explain = explain_option(a);  // -2: none, -1: the peak PF force frame, else %
#ifndef PATELLA_HAVE_VIZ
  if (!png.empty()) throw UsageError("--png: this build has no VTK (PATELLA_BUILD_VIZ=OFF)");
#else
  if (!png.empty()) viz_module();  // a missing pictures module is said before the simulation
#endif
  if (!png.empty()) {
    const fs::path parent = fs::path(png).parent_path();
    if (!parent.empty() && !fs::is_directory(parent))
      throw UsageError("--png: folder '" + parent.string() + "' does not exist");
  }

  catch_interrupts();
  const auto check = [&] { throw_if_interrupted("earlier results in " + out_dir + " are unchanged"); };
  const Scenario sc = read_scenario(scenario_file);
  for (const std::string& note : recover_stale_stages(out_dir)) std::cerr << "patella run: " << note << "\n";
  require_writable_folder(out_dir);  // before the work, not after it
  const auto t0 = std::chrono::steady_clock::now();
  const std::unique_ptr<GaitSetup> setup = load_gait_setup(sc);
  const Model& model = *setup->model;
  const GaitInput& input = setup->input;
  const MuscleSet& muscles = setup->model->leg_muscles;
  const GaitOptions& opt = setup->options;
  if (!quiet)
    std::cerr << "patella run: " << sc.name << " (" << input.label << "), " << muscles.muscles.size()
              << " muscles, " << opt.frames_per_cycle << " frames x " << opt.cycles << " cycle(s)\n";
  const bool tty = isatty(2);
  std::string last_stage;
  const GaitResult res = simulate_gait(model, model.leg, muscles, input, model.foot, opt,
                                       [&](const std::string& stage, int done, int total) {
    check();
    if (quiet) return;
    if (tty) {
      std::fprintf(stderr, "\r  %s %d/%d", stage.c_str(), done, total);
      if (done == total) std::fprintf(stderr, "\n");
    } else if (done == total) {
      std::fprintf(stderr, "  %s: %d frames\n", stage.c_str(), total);
    }
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const ColumnTable table = make_gait_table(res);
  const std::string base = (fs::path(out_dir) / sc.name).string();
  std::ostringstream cmdline;
  for (int i = 0; i < argc; ++i) cmdline << (i ? " " : "") << argv[i];
  const ColumnTable protocol = protocol_table(sc);
  StagedOutput output(out_dir, "run_" + sc.name);
  const std::string staged = output.staged(sc.name);
  std::vector<std::string> sto_files;
  output.write([&] {
    if (sc.write_csv) write_csv(staged + ".csv", table);
    check();
    if (sc.write_csv && !protocol.names.empty()) write_csv(staged + "_protocol.csv", protocol);
    if (sc.write_hdf5) {
      check();
      std::string notes;
      for (const std::string& n : res.notes) notes += n + "; ";
      std::vector<std::pair<std::string, std::string>> attrs = provenance(sc, cmdline.str(), PATELLA_GIT_COMMIT, resolved_scenario_yaml(sc));
      attrs.emplace_back("name", sc.name);
      attrs.emplace_back("description", sc.description);
      attrs.emplace_back("gait_input", input.label);
      attrs.emplace_back("notes", notes);
      attrs.emplace_back("body_mass_kg", fmt(res.body_mass));
      attrs.emplace_back("frames", "femur_distal_r (F): X anterior, Y superior, Z lateral; lateral shift = pf_tz, lateral tilt = -pf_tilt");
      write_gait_hdf5(staged + ".h5", table, res, attrs, protocol);
    }
    check();
    if (sc.write_sto) sto_files = write_gait_sto(staged, res, model);
  });
#ifdef PATELLA_HAVE_VIZ
  if (!png.empty()) {
    std::vector<viz::Panel> panels(3);
    const char* titles[3] = {"PF contact force (BW)", "lateral shift pf_tz (mm)", "lateral tilt (deg)"};
    const char* cols[3] = {"pf_contact_force_BW", "pf_tz_mm", "lateral_tilt_deg"};
    for (int k = 0; k < 3; ++k) {
      panels[k].title = sc.name + ": " + titles[k];
      panels[k].x_label = "gait cycle (%)";
      panels[k].y_label = titles[k];
      std::vector<double> x, y;
      std::size_t cx = 0, cy = 0, cc = 0;
      for (std::size_t c = 0; c < table.names.size(); ++c) {
        if (table.names[c] == "gait_percent") cx = c;
        if (table.names[c] == cols[k]) cy = c;
        if (table.names[c] == "cycle") cc = c;
      }
      int cycle = -1;
      for (std::size_t r = 0; r < res.frames.size(); ++r) {
        if (int(table.columns[cc][r]) != cycle && !x.empty()) {
          panels[k].series.push_back({"cycle " + std::to_string(cycle + 1), x, y});
          x.clear();
          y.clear();
        }
        cycle = int(table.columns[cc][r]);
        x.push_back(table.columns[cx][r]);
        y.push_back(table.columns[cy][r]);
      }
      panels[k].series.push_back({"cycle " + std::to_string(cycle + 1), x, y});
    }
    viz_module().plot_panels(png, panels, 1500, 420);
    if (!quiet) std::cerr << "patella run: wrote " << png << "\n";
  }
#endif
  for (std::string& f : sto_files) f = output.final(fs::path(f).filename().string());
  output.commit(check);  // all complete: into place together (an interrupt now rolls back)
  const auto sums = summarize_gait(res);
  if (!quiet) {
    std::printf("scenario %s: %s\n", sc.name.c_str(), sc.description.c_str());
    std::printf("  evidence: %s\n", sc.evidence.c_str());
    if (sc.protocol.days > 0)
      std::printf("  protocol: %d days x %d sessions a day; this run %s h after the last session "
                  "(course over the days: %s_protocol.csv)\n",
                  sc.protocol.days, sc.protocol.per_day, fmt(sc.run_after_last_session / 60.0).c_str(),
                  base.c_str());
    for (const auto& x : sc.interventions)
      std::printf("  intervention: %s on %s, release %.1f %% (%s)\n", x.tool.c_str(),
                  x.muscle.c_str(), 100 * x.release, x.basis.c_str());
    for (const std::string& n : res.notes) std::printf("  input: %s\n", n.c_str());
    std::printf("%s", format_summary(sums, res).c_str());
    if (sc.write_csv && !protocol.names.empty())
      std::cerr << "patella run: wrote " << base << "_protocol.csv\n";
    for (const char* ext : {".csv", ".h5"})
      if ((ext[1] == 'c' && sc.write_csv) || (ext[1] == 'h' && sc.write_hdf5))
        std::cerr << "patella run: wrote " << base << ext << "\n";
    for (const std::string& f : sto_files) std::cerr << "patella run: wrote " << f << "\n";
    std::cerr << "patella run: " << res.frames.size() << " frames in " << seconds << " s ("
              << res.equilibrium_solves << " patellar equilibria, " << res.equilibrium_iterations
              << " Newton iterations, " << res.integrator_steps << " integrator steps)\n";
  }
  if (explain > -2.0) {
    const GaitFrame& f = frame_for_budget(res, explain);
    std::printf("%s%s", format_force_budget(res, f).c_str(), format_influence(model, res, f).c_str());
  }
  int crossing = 0;
  for (const GaitFrame& f : res.frames) crossing += f.ligaments_crossing_wrap > 0;
  if (crossing)
    std::cerr << "patella run: warning: at " << crossing << " of " << res.frames.size()
              << " frames a straight ligament path (patellar tendon) crosses its unmodelled wrap "
                 "ellipsoid\n";
  int failed = 0;
  for (const GaitFrame& f : res.frames)
    if (!f.report.converged) {
      ++failed;
      std::cerr << "patella run: equilibrium did not converge at t = " << f.time << " s ("
                << f.gait_percent << " %): " << f.report.message << "\n";
    }
  return failed ? 3 : 0;
}

}  // namespace patella::cli
