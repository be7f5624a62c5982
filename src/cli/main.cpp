// patella: command-line front end. Thin: parse flags, call the libraries, print, set exit code.
// Exit codes: 0 ok, 1 bad model/input file or I/O failure, 2 bad command line,
// 3 ran but some equilibrium did not converge or some sweep sample failed (results still
// written, flagged per row or sample), 4 a sweep stopped by --max-samples with samples left,
// 128 + signal for a run, compare or sweep stopped by SIGINT (130) or SIGTERM (143).
#include <csignal>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "commands.hpp"
#include "interrupt.hpp"
#include "patella/core/error.hpp"
#include "patella/core/strings.hpp"

namespace {
const char* kUsage =
    "patella: patellar tracking on a real knee (Lenhart 2015 model)\n"
    "\n"
    "usage: patella <command> [flags]     (patella <command> --help for its flags;\n"
    "                                      patella --version for the version)\n"
    "\n"
    "commands:\n"
    "  run           a scenario over the gait cycle: muscles, patellar tracking, contact\n"
    "  compare       run scenarios and tabulate their changes from the first\n"
    "  claims        test the self-treatment claims in scenarios/claims.yaml, write docs/claims.md\n"
    "  sweep         a scenario over samples of its uncertain parameters: ranges, bands, sensitivity\n"
    "  render        pictures, charts, a movie and a ParaView export of a run's or compare's results\n"
    "  view          the knee over the cycle in an interactive window\n"
    "  knee          flexion sweep: patellar equilibrium, contact and stability\n"
    "  validate      compare against reference simulations and in vivo data, write docs/validation.md\n"
    "  verify        code and calculation verification (analytic cases, convergence), write docs/verification.md\n"
    "  bench         contact evaluations and equilibrium solves per second\n"
    "  tf-coupling   derive the tibiofemoral coupling table from a passive-flexion .sto\n"
    "  scenario-keys every key a scenario file may set (the list in scenarios/README.md)\n"
    "  muscles       the muscles a scenario may name (the list in scenarios/README.md)\n";
}

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "patella " << PATELLA_VERSION << " (git " << PATELLA_GIT_COMMIT << ")\n";
    return 0;
  }
  const std::string cmd = argv[1];
  // a write past the file-size limit (ulimit -f) fails with EFBIG and is reported naming the
  // file, instead of SIGXFSZ killing the process midway
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    if (cmd == "knee") return patella::cli::cmd_knee(argc, argv);
    if (cmd == "bench") return patella::cli::cmd_bench(argc, argv);
    if (cmd == "tf-coupling") return patella::cli::cmd_tf_coupling(argc, argv);
    if (cmd == "validate") return patella::cli::cmd_validate(argc, argv);
    if (cmd == "verify") return patella::cli::cmd_verify(argc, argv);
    if (cmd == "run") return patella::cli::cmd_run(argc, argv);
    if (cmd == "compare") return patella::cli::cmd_compare(argc, argv);
    if (cmd == "claims") return patella::cli::cmd_claims(argc, argv);
    if (cmd == "sweep") return patella::cli::cmd_sweep(argc, argv);
    if (cmd == "render") return patella::cli::cmd_render(argc, argv);
    if (cmd == "view") return patella::cli::cmd_view(argc, argv);
    if (cmd == "scenario-keys") return patella::cli::cmd_scenario_keys(argc, argv);
    if (cmd == "muscles") return patella::cli::cmd_muscles(argc, argv);

    const char* commands[] = {"run", "compare", "claims", "sweep", "render", "view", "knee", "validate",
                              "verify", "bench", "tf-coupling", "scenario-keys", "muscles"};
    std::cerr << "patella: unknown command '" << cmd << "'"
              << patella::did_you_mean(cmd, std::vector<std::string>(std::begin(commands), std::end(commands)))
              << "\n" << kUsage;
    return 2;
  } catch (const patella::cli::Interrupted& e) {
    std::cerr << "patella " << cmd << ": " << e.what() << "\n";
    return 128 + e.signal();
  } catch (const patella::UsageError& e) {
    std::cerr << "patella " << cmd << ": " << e.what() << "\n";
    return 2;
  } catch (const patella::Error& e) {
    std::cerr << "patella " << cmd << ": error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "patella " << cmd << ": internal error: " << e.what() << "\n";
    return 1;
  }
}
