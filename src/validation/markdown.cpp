// The report's number formats, Markdown tables and figure links.
#include "patella/validation/markdown.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "patella/validation/figure.hpp"

namespace patella::validation {

std::string format_fixed(double v, int digits) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

std::string format_plain(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

namespace {
void row(std::string& out, const std::vector<std::string>& cells) {
  out += "|";
  for (const std::string& c : cells) out += " " + c + " |";
  out += "\n";
}
}  // namespace

std::string to_markdown(const MarkdownTable& t) {
  std::string out;
  row(out, t.header);
  out += "|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : t.rows) {
    if (r.size() != t.header.size())
      throw std::invalid_argument("Markdown table row has " + std::to_string(r.size()) +
                                  " cells, the header " + std::to_string(t.header.size()));
    row(out, r);
  }
  return out;
}

std::string figure_link(const Figure& f, const std::string& figures_link) {
  return "![" + f.alt + "](" + figures_link + "/" + f.file + ")\n\n";
}

}  // namespace patella::validation
