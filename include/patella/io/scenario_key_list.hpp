#pragma once
/// The scenario keys as documentation, generated from the key table that reads and writes them
/// (src/io/scenario_keys.cpp): the list in scenarios/README.md and `patella scenario-keys`.
#include <string>

namespace patella {

/// One line per key: path, type or unit, range, meaning.
std::string scenario_keys_text();

/// The same as a Markdown table (| key | unit / type | range | meaning |).
std::string scenario_keys_markdown();

/// `text` with the lines between its `<!-- keys:begin -->` and `<!-- keys:end -->` markers
/// replaced by scenario_keys_markdown(). @throws ModelError if the markers are missing.
std::string with_scenario_keys(const std::string& text);

}  // namespace patella
