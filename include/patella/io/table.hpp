#pragma once
/// OpenSim Storage (.sto/.mot) tables and CSV output.
#include <string>
#include <vector>

namespace patella {

/// A table of named columns, as stored in an OpenSim .sto or .mot file.
struct Table {
  std::vector<std::string> columns;          ///< first column is usually "time"
  std::vector<std::vector<double>> rows;
  std::vector<int> row_lines;                ///< file line of each row, for messages
  bool in_degrees = false;                   ///< header said inDegrees=yes

  /// Index of a column; matches the full name or the last '/'-separated part before "/value"
  /// (so "pf_tz_r" finds "/jointset/pf_r/pf_tz_r/value"). @throws IoError if absent.
  std::size_t column(const std::string& name) const;
  std::vector<double> values(const std::string& name) const;
  std::string source;                        ///< file it came from, for messages
};

/// Reads an OpenSim .sto/.mot (version 1 or 3 header, tab or space separated).
/// @throws IoError naming file and line for a malformed header or row.
Table read_sto(const std::string& path);

/// Writes text to path atomically: to path + ".tmp" first, then renamed, so a failure never
/// leaves a partial or clobbered file. @throws IoError.
void write_file_atomic(const std::string& path, const std::string& text);

}  // namespace patella
