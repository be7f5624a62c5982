// patella validate: regenerate docs/validation.md (and its figures) from the reference data
// shipped in models/lenhart2015/reference. The comparisons and the report's text come from
// patella::validation; this command draws the figures from the curves it returns and writes
// the files.
#include <filesystem>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "patella/validation/report.hpp"
#include "write_report.hpp"

namespace patella::cli {

int cmd_validate(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--model", true}, {"--out", true},
                             {"--figures", true}, {"--scenarios", true}});
  if (a.has("--help")) {
    std::cout << "patella validate: compare the model with reference simulations, in vivo data\n"
                 "and published directions; writes a Markdown report with figures\n\n"
                 "  --model DIR      (default models/lenhart2015)\n"
                 "  --out FILE.md    (default docs/validation.md)\n"
                 "  --figures DIR    (default: docs/figures next to --out)\n"
                 "  --scenarios DIR  the gait scenarios run for section D (default scenarios/)\n";
    return 0;
  }
  namespace fs = std::filesystem;
  const std::string out = a.str("--out", "docs/validation.md");
  const fs::path out_dir = fs::path(out).parent_path().empty() ? "." : fs::path(out).parent_path();
  const std::string figdir = a.str("--figures", (fs::path(out).parent_path() / "figures").string());

  validation::ValidationOptions o;
  o.model_dir = a.str("--model", default_model_dir());
  o.scenarios_dir = a.str("--scenarios", default_scenarios_dir());
  o.figures_link = fs::relative(figdir, out_dir).string();
  o.link_figures = can_draw_figures();
  o.progress = [](const std::string& stage) { std::cerr << "validate: " << stage << "\n"; };
  const validation::ValidationReport report = validation::run_validation(o);
  write_report("validate", report.markdown, report.figures, out, figdir, o.link_figures);
  return 0;
}

}  // namespace patella::cli
