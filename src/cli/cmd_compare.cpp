// patella compare: run scenarios side by side and report the changes from the first.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "args.hpp"
#include "patella/gait/budget_report.hpp"
#include "patella/core/strings.hpp"
#include "commands.hpp"
#include "interrupt.hpp"
#include "staged_output.hpp"
#include "patella/core/error.hpp"
#include "patella/gait/compare.hpp"
#include "patella/io/gait_results.hpp"
#include "patella/io/scenario.hpp"
#include "patella/session/provenance.hpp"
#include "patella/session/run_all.hpp"

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
const char* kHelp =
    "patella compare A.yaml B.yaml [more.yaml ...]: run scenarios and compare them with the first\n"
    "\n"
    "Each scenario runs as `patella run` would (one thread per scenario, up to the cores there\n"
    "are). Their last simulated cycles are aligned by gait percent; the table gives each one's\n"
    "peaks and means and the change from the first.\n"
    "\n"
    "  --out DIR      output folder (default results/): DIR/<name>.h5 (every scenario under\n"
    "                 /scenarios/<scenario>, the aligned curves and metrics under /comparison)\n"
    "                 and DIR/<name>_changes.csv (changes from the first, per gait percent)\n"
    "  --name NAME    output file stem (default comparison)\n"
    "  --threads N    simulations at once (default: the number of cores)\n"
    "  --control C    compensated, uncompensated or emg_constrained: the control hypothesis of\n"
    "                 every scenario (default: each scenario's `control` key; PHYSICS.md 7).\n"
    "                 Uncompensated holds the activations found without a scenario's muscle\n"
    "                 edits and reports the net-moment imbalance as its reserves; emg_constrained\n"
    "                 holds the VM:VL activation ratio and a hamstring co-contraction floor to\n"
    "                 running EMG (the scenarios' `emg.*` keys)\n"
    "  --explain PCT  print the force budget on the patella of every scenario side by side at\n"
    "                 PCT % of the last cycle, or 'peak' (the first scenario's peak PF force):\n"
    "                 which structure carries each change in lateral pull\n"
    "  --quiet        no table, no progress\n"
    "\n"
    "The files are moved into DIR together once both are written: a failure, Ctrl-C (SIGINT) or\n"
    "SIGTERM leaves DIR's earlier results as they were.\n"
    "\n"
    "Exit codes: 0 ok; 1 bad scenario, model, input or --name, or a file that cannot be written;\n"
    "2 bad flag; 3 some frame did not converge; 130 interrupted by SIGINT, 143 by SIGTERM.\n";
}  // namespace

int cmd_compare(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--out", true}, {"--name", true},
                                            {"--threads", true}, {"--quiet", false}, {"--control", true},
                                            {"--explain", true},
                                            {"", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  if (!a.has("") || a.values.at("").size() < 2)
    throw UsageError("give two or more scenario files (patella compare A.yaml B.yaml ...)");
  const bool quiet = a.has("--quiet");
  const std::string out_dir = a.str("--out", "results");
  const std::string name = a.str("--name", "comparison");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = static_cast<int>(a.number("--threads", cores, 1, 64));
  require_plain_name("--name", name);
  const std::string control = a.str("--control", "");
  const double explain = explain_option(a);
  if (a.has("--control") && control != "compensated" && control != "uncompensated" &&
      control != "emg_constrained")
    throw UsageError("--control: '" + control + "' is none of compensated, uncompensated, emg_constrained" +
                     did_you_mean(control, std::vector<std::string>{"compensated", "uncompensated", "emg_constrained"}));
  catch_interrupts();
  const auto check = [&] { throw_if_interrupted("earlier results in " + out_dir + " are unchanged"); };

  // read and load everything first: a bad file stops the comparison before any simulation
  std::vector<Scenario> scenarios;
  std::vector<std::unique_ptr<GaitSetup>> setups;
  std::vector<std::string> names;
  for (const std::string& f : a.values.at("")) {
    scenarios.push_back(read_scenario(f));
    if (!control.empty()) scenarios.back().control = control;
    for (const std::string& n : names)
      if (n == scenarios.back().name)
        throw UsageError("two scenarios are named '" + n + "'; names label the comparison");
    names.push_back(scenarios.back().name);
  }
  for (const std::string& note : recover_stale_stages(out_dir)) std::cerr << "patella compare: " << note << "\n";
  require_writable_folder(out_dir);  // before the work, not after it
  for (const Scenario& sc : scenarios) setups.push_back(load_gait_setup(sc));

  // simulate, a thread per scenario from a shared queue
  const std::size_t n = setups.size();
  const bool tty = isatty(2);
  std::vector<std::string> labels;
  for (const Scenario& sc : scenarios) labels.push_back(sc.file);
  const std::vector<GaitResult> results =
      simulate_all(setups, labels, threads, [&](const std::string& label, std::size_t done, std::size_t total) {
        if (quiet) return;
        if (tty) std::fprintf(stderr, "\r  simulated %zu/%zu scenarios", done, total);
        else std::fprintf(stderr, "  simulated %s (%zu/%zu)\n", label.c_str(), done, total);
        if (tty && done == total) std::fprintf(stderr, "\n");
      }, check);
  std::vector<const GaitResult*> ptrs;
  for (const GaitResult& r : results) ptrs.push_back(&r);
  const Comparison c = compare_results(names, ptrs);
  std::ostringstream cmdline;
  for (int i = 0; i < argc; ++i) cmdline << (i ? " " : "") << argv[i];
  const std::string base = (fs::path(out_dir) / name).string();
  std::string files;
  for (const Scenario& sc : scenarios) files += (files.empty() ? "" : ", ") + sc.file;
  std::vector<std::vector<std::pair<std::string, std::string>>> per_scenario;
  for (const Scenario& sc : scenarios) {
    per_scenario.push_back(provenance(sc, cmdline.str(), PATELLA_GIT_COMMIT, resolved_scenario_yaml(sc)));
    per_scenario.back().emplace_back("name", sc.name);
    per_scenario.back().emplace_back("description", sc.description);
  }
  check();
  StagedOutput output(out_dir, "compare_" + name);
  output.write([&] {
    write_comparison(output.staged(name + ".h5"), output.staged(name + "_changes.csv"), c, ptrs,
                     {{"command", cmdline.str()}, {"scenario_files", files},
                      {"software", "patella 0.1.0"}, {"git_commit", PATELLA_GIT_COMMIT}},
                     per_scenario);
  });
  output.commit(check);
  if (!quiet) {
    std::printf("changes from '%s' (last simulated cycle of each):\n%s", names[0].c_str(),
                format_comparison(c).c_str());
    for (std::size_t i = 0; i < n; ++i)
      std::printf("  %s (%s): %s\n", names[i].c_str(), scenarios[i].evidence.c_str(),
                  scenarios[i].description.c_str());
    std::cerr << "patella compare: wrote " << base << ".h5 and " << base << "_changes.csv\n";
  }
  if (explain > -2.0) std::printf("%s", format_budget_comparison(names, ptrs, explain).c_str());
  int failed = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (const GaitFrame& f : results[i].frames)
      if (!f.report.converged) {
        ++failed;
        std::cerr << "patella compare: " << names[i] << ": equilibrium did not converge at t = "
                  << f.time << " s: " << f.report.message << "\n";
      }
  return failed ? 3 : 0;
}

}  // namespace patella::cli
