// patella verify: regenerate docs/verification.md (and its figures): code verification of every
// force element and solver, the convergence studies, and the robustness results other scripts
// wrote. The cases, studies and the report's text come from patella::validation
// (verification.hpp); this command draws the figures and writes the files.
#include <filesystem>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "patella/validation/verification.hpp"
#include "write_report.hpp"

namespace patella::cli {

int cmd_verify(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--model", true}, {"--out", true}, {"--figures", true},
                             {"--scenarios", true}, {"--fault-results", true}, {"--fuzz-figures", true},
                             {"--mesh-levels", true}});
  if (a.has("--help")) {
    std::cout << "patella verify: code verification (each force element and solver against an\n"
                 "analytic or manufactured case) and calculation verification (convergence with\n"
                 "the contact mesh, solver and integrator tolerances, frames per cycle); writes a\n"
                 "Markdown report with figures. ./scripts/verification runs it after the build and\n"
                 "the [fault] tests.\n\n"
                 "  --out FILE.md          (default docs/verification.md)\n"
                 "  --figures DIR          (default: figures next to --out)\n"
                 "  --fault-results FILE   TSV (test, result, seconds) of the tests tagged [fault];\n"
                 "                         without it the report says they were not run\n"
                 "  --fuzz-figures FILE    TSV written by scripts/fuzz (default\n"
                 "                         verification/fuzz_figures.tsv next to --out; absent: not run)\n"
                 "  --model DIR            (default models/lenhart2015)\n"
                 "  --scenarios DIR        where baseline_running.yaml is (default scenarios/)\n"
                 "  --mesh-levels N        subdivisions of the finest contact mesh (default 2)\n\n"
                 "Exit codes: 0 every case passed; 1 bad input; 2 bad flag; 3 some case failed\n"
                 "(the report is written and names it).\n";
    return 0;
  }
  namespace fs = std::filesystem;
  const std::string out = a.str("--out", "docs/verification.md");
  const fs::path out_dir = fs::path(out).parent_path().empty() ? "." : fs::path(out).parent_path();
  const std::string figdir = a.str("--figures", (out_dir / "figures").string());

  validation::VerificationOptions o;
  o.model_dir = a.str("--model", default_model_dir());
  o.scenarios_dir = a.str("--scenarios", default_scenarios_dir());
  o.figures_link = fs::relative(figdir, out_dir).string();
  o.validation_link = "validation.md";
  o.fault_results = a.str("--fault-results", "");
  o.fuzz_figures = a.str("--fuzz-figures", (out_dir / "verification" / "fuzz_figures.tsv").string());
  o.mesh_levels = static_cast<int>(a.number("--mesh-levels", 2, 0, 3));
  o.link_figures = can_draw_figures();
  o.progress = [](const std::string& stage) { std::cerr << "verify: " << stage << "\n"; };
  const validation::VerificationReport report = validation::run_verification(o);
  write_report("verify", report.markdown, report.figures, out, figdir, o.link_figures);
  int failed = 0;
  for (const validation::CodeCase& c : report.cases)
    if (!c.pass()) {
      ++failed;
      std::cerr << "verify: FAILED: " << c.element << ": " << c.quantity << " error " << c.error << " > "
                << c.tolerance << " " << c.unit << "\n";
    }
  return failed ? 3 : 0;
}

}  // namespace patella::cli
