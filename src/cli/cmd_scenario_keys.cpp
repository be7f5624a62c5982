// patella scenario-keys: the scenario keys, from the table that reads them.
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/io/scenario_key_list.hpp"
#include "patella/io/table.hpp"

namespace patella::cli {

namespace {
const char* kHelp =
    "patella scenario-keys: every key a scenario file may set, with its unit, range and meaning\n"
    "\n"
    "  --markdown    as the Markdown table of scenarios/README.md\n"
    "  --write FILE  replace the table between FILE's '<!-- keys:begin -->' and\n"
    "                '<!-- keys:end -->' lines (e.g. scenarios/README.md)\n"
    "\n"
    "Exit codes: 0 ok; 1 FILE unreadable or without the markers; 2 bad flag.\n";
}  // namespace

int cmd_scenario_keys(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--markdown", false}, {"--write", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  if (!a.has("--write")) {
    std::cout << (a.has("--markdown") ? scenario_keys_markdown() : scenario_keys_text());
    return 0;
  }
  const std::string file = a.str("--write", "");
  std::ifstream in = open_input_file(file, "the file to update");
  std::stringstream text;
  text << in.rdbuf();
  std::string updated;
  try {
    updated = with_scenario_keys(text.str());
  } catch (const ModelError& e) {
    throw ModelError(file + ": " + e.what());
  }
  if (updated != text.str()) write_file_atomic(file, updated);
  std::cout << file << ": " << (updated == text.str() ? "key list up to date" : "key list rewritten")
            << "\n";
  return 0;
}

}  // namespace patella::cli
