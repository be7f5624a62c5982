// patella muscles: the muscles a scenario may name, as the model it runs builds them.
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "patella/io/scenario.hpp"
#include "patella/io/table.hpp"

namespace patella::cli {

namespace {
const char* kHelp =
    "patella muscles: the leg's muscles a scenario may name (muscles.<muscle>, interventions)\n"
    "\n"
    "  --scenario FILE  the scenario whose model to list (default scenarios/baseline_running.yaml:\n"
    "                   the runner-scaled model with Rajagopal et al. 2016's strength)\n"
    "  --markdown       as the Markdown table of scenarios/README.md\n"
    "  --write FILE     replace the table between FILE's '<!-- muscles:begin -->' and\n"
    "                   '<!-- muscles:end -->' lines (e.g. scenarios/README.md)\n"
    "\n"
    "Each muscle with its maximum isometric force F0 [N], the .osim muscle it is a head of, and\n"
    "whether it pulls on the patella or into the iliotibial band. An .osim muscle split into\n"
    "heads (vasmed_r, vaslat_r) may be named too: its edit applies to every head.\n"
    "\n"
    "Exit codes: 0 ok; 1 bad scenario or FILE without the markers; 2 bad flag.\n";

std::string markdown(const GaitSetup& s) {
  const MuscleSet& set = s.model->leg_muscles;
  std::ostringstream md;
  md << "| muscle | F0 [N] | head of | acts on |\n|---|---|---|---|\n";
  for (const LegMuscle& m : set.muscles) {
    std::string of = "-";
    if (m.quadriceps >= 0 && s.model->muscles[m.quadriceps].muscle != m.name)
      of = "`" + s.model->muscles[m.quadriceps].muscle + "`";
    const std::string acts = m.quadriceps >= 0 ? "patella" : m.into_itb ? "iliotibial band" : "-";
    md << "| `" << m.name << "` | " << fmt(std::round(m.params.max_isometric_force)) << " | " << of
       << " | " << acts << " |\n";
  }
  return md.str();
}
}  // namespace

std::string with_muscle_list(const std::string& text, const std::string& table) {
  const std::string begin = "<!-- muscles:begin -->\n", end = "<!-- muscles:end -->";
  const auto b = text.find(begin), e = text.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b)
    throw ModelError("no '<!-- muscles:begin -->' ... '<!-- muscles:end -->' lines");
  return text.substr(0, b + begin.size()) + table + text.substr(e);
}

int cmd_muscles(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--scenario", true}, {"--markdown", false},
                                            {"--write", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  const std::string file = a.str("--scenario", default_scenarios_dir() + "/baseline_running.yaml");
  const std::unique_ptr<GaitSetup> setup = load_gait_setup(read_scenario(file));
  const std::string table = markdown(*setup);
  if (!a.has("--write")) {
    if (a.has("--markdown")) {
      std::cout << table;
    } else {
      for (const LegMuscle& m : setup->model->leg_muscles.muscles) std::cout << m.name << "\n";
    }
    return 0;
  }
  const std::string out = a.str("--write", "");
  std::ifstream in = open_input_file(out, "the file to update");
  std::stringstream text;
  text << in.rdbuf();
  std::string updated;
  try {
    updated = with_muscle_list(text.str(), table);
  } catch (const ModelError& e) {
    throw ModelError(out + ": " + e.what());
  }
  if (updated != text.str()) write_file_atomic(out, updated);
  std::cout << out << ": " << (updated == text.str() ? "muscle list up to date" : "muscle list rewritten") << "\n";
  return 0;
}

}  // namespace patella::cli
