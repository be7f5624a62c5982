#pragma once
/// The report's text: numbers as the tables print them, Markdown tables, and figure links.
#include <string>
#include <vector>

namespace patella::validation {

/// A number with a fixed count of decimals ("%.*f"), as the report's tables print it.
std::string format_fixed(double value, int digits = 2);

/// A number as a C++ stream prints it by default (6 significant digits: "30", "1e-06").
std::string format_plain(double value);

/// A Markdown table: a header row, then rows of already formatted cells.
struct MarkdownTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// "| h1 | h2 |\n|---|---|\n| a | b |\n": one line per row, no blank line around it.
/// @throws std::invalid_argument if a row's cell count differs from the header's.
std::string to_markdown(const MarkdownTable& table);

}  // namespace patella::validation
