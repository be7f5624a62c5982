#include "patella/io/table.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"

namespace patella {
namespace {

/// Column names are tab-separated (they may contain spaces); fall back to whitespace for
/// old space-separated files.
std::vector<std::string> split_names(const std::string& line) {
  std::vector<std::string> out;
  if (line.find('\t') != std::string::npos) {
    std::stringstream ss(line);
    std::string name;
    while (std::getline(ss, name, '\t'))
      if (!trim(name).empty()) out.push_back(trim(name));
  } else {
    std::istringstream ss(line);
    std::string name;
    while (ss >> name) out.push_back(name);
  }
  return out;
}

}  // namespace

std::size_t Table::column(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  // State files name coordinates by path, e.g. "/jointset/pf_r/pf_tz_r/value".
  const std::string suffix = "/" + name + "/value";
  std::size_t found = columns.size();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string& c = columns[i];
    if (c.size() >= suffix.size() && c.compare(c.size() - suffix.size(), suffix.size(), suffix) == 0) {
      if (found != columns.size())
        throw IoError(source + ": column name '" + name + "' is ambiguous ('" + columns[found] +
                      "', '" + c + "')");
      found = i;
    }
  }
  if (found == columns.size()) throw IoError(source + ": no column '" + name + "'");
  return found;
}

std::vector<double> Table::values(const std::string& name) const {
  const std::size_t c = column(name);
  std::vector<double> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[c]);
  return out;
}

Table read_sto(const std::string& path) {
  std::ifstream in = open_input_file(path, "table file");
  Table t;
  t.source = path;
  std::string line;
  int lineno = 0;
  auto where = [&] { return path + ":" + std::to_string(lineno) + ": "; };

  // Header: "key=value" lines (and a free-text title) up to "endheader".
  long n_columns = -1;
  bool ended = false;
  while (std::getline(in, line)) {
    ++lineno;
    const std::string s = trim(line);
    if (s == "endheader") { ended = true; break; }
    const auto eq = s.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(s.substr(0, eq)), value = trim(s.substr(eq + 1));
    if (key == "inDegrees") {
      if (value != "yes" && value != "no")
        throw IoError(where() + "inDegrees must be 'yes' or 'no', not '" + value + "'");
      t.in_degrees = value == "yes";
    } else if (key == "nColumns") {
      char* end = nullptr;
      n_columns = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n_columns < 1)
        throw IoError(where() + "nColumns has value '" + value + "' which is not a count");
    }
    // nRows is not checked: OpenSim itself reads to end of file, and some files
    // (dynamic_mri_passive_body_transformations.sto) carry a stale nRows.
  }
  if (!ended) throw IoError(path + ": no 'endheader' line");

  while (std::getline(in, line) && trim(line).empty()) ++lineno;
  ++lineno;
  t.columns = split_names(line);
  if (t.columns.empty()) throw IoError(where() + "missing the column-name line");
  // a repeated column would be read silently as its first copy (a GRF .mot with two
  // ground_force_2_vy columns nearly doubled the peak PF force): refuse it
  for (std::size_t a = 0; a < t.columns.size(); ++a)
    for (std::size_t b = a + 1; b < t.columns.size(); ++b)
      if (t.columns[a] == t.columns[b])
        throw IoError(where() + "column '" + t.columns[a] + "' appears twice (columns " +
                      std::to_string(a + 1) + " and " + std::to_string(b + 1) + ")");
  if (n_columns >= 0 && std::size_t(n_columns) != t.columns.size())
    throw IoError(where() + "header says nColumns=" + std::to_string(n_columns) + " but " +
                  std::to_string(t.columns.size()) + " column names follow");

  while (std::getline(in, line)) {
    ++lineno;
    std::istringstream ls(line);
    std::vector<double> row;
    row.reserve(t.columns.size());
    std::string tok;
    while (ls >> tok) {
      char* end = nullptr;
      row.push_back(std::strtod(tok.c_str(), &end));  // accepts NaN, which OpenSim writes
      if (*end != '\0')
        throw IoError(where() + "value '" + tok + "' in column " + std::to_string(row.size()) +
                      (row.size() <= t.columns.size() ? " ('" + t.columns[row.size() - 1] + "')" : "") +
                      " is not a number");
    }
    if (row.empty()) continue;  // blank line
    if (row.size() != t.columns.size())
      throw IoError(where() + "row has " + std::to_string(row.size()) + " values but there are " +
                    std::to_string(t.columns.size()) + " columns");
    t.rows.push_back(std::move(row));
    t.row_lines.push_back(lineno);
  }
  return t;
}

void write_file_atomic(const std::string& path, const std::string& text) {
  // Write a sibling temp file and rename it over the target: rename is atomic on POSIX, so
  // readers see either the old file or the complete new one.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path + ": cannot write (" + std::strerror(errno) + ")");
    out << text;
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);  // e.g. a full disk or a file-size limit
      out.close();
      std::remove(tmp.c_str());
      throw IoError(path + ": write failed (" + why + ")");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot replace (" + why + ")");
  }
}

}  // namespace patella
