// A strength table: maximum isometric forces by muscle name (io/load_model.hpp).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "patella/io/load_model.hpp"

namespace patella {

std::vector<std::string> apply_strength_table(ModelSpec& spec, const std::string& path) {
  std::ifstream f = open_input_file(path, "the strength table");
  std::vector<std::string> header, names, named;
  for (const MuscleSpec& m : spec.muscles) names.push_back(m.name);
  int col_muscle = -1, col_force = -1, lineno = 0;
  std::string line;
  while (std::getline(f, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(trim(c));
    const std::string where = path + ":" + std::to_string(lineno) + ": ";
    if (header.empty()) {
      header = cells;
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (header[c] == "muscle") col_muscle = int(c);
        if (header[c] == "max_isometric_force_N") col_force = int(c);
      }
      if (col_muscle < 0 || col_force < 0)
        throw IoError(where + "the header needs columns 'muscle' and 'max_isometric_force_N'");
      continue;
    }
    if (cells.size() != header.size())
      throw IoError(where + "row has " + std::to_string(cells.size()) + " values, header has " +
                    std::to_string(header.size()));
    const std::string& name = cells[col_muscle];
    char* end = nullptr;
    const double F0 = std::strtod(cells[col_force].c_str(), &end);
    if (cells[col_force].empty() || *end != '\0' || !std::isfinite(F0) || !(F0 > 0) || F0 > 1e5)
      throw IoError(where + "column 'max_isometric_force_N' value '" + cells[col_force] +
                    "' for '" + name + "' is not a force in (0, 1e5] N");
    MuscleSpec* m = nullptr;
    for (MuscleSpec& ms : spec.muscles)
      if (ms.name == name) m = &ms;
    if (!m)
      throw ModelError(where + "'" + name + "' is not a muscle of " + spec.source_file +
                       did_you_mean(name, names));
    for (const std::string& n : named)
      if (n == name) throw IoError(where + "'" + name + "' is listed twice");
    m->max_isometric_force = F0;
    named.push_back(name);
  }
  if (header.empty()) throw IoError(path + ": no header line");
  // the right leg's muscles it leaves at the .osim's value
  std::vector<std::string> kept;
  for (const MuscleSpec& m : spec.muscles)
    if (m.name.size() > 2 && m.name.compare(m.name.size() - 2, 2, "_r") == 0 &&
        std::find(named.begin(), named.end(), m.name) == named.end())
      kept.push_back(m.name);
  return kept;
}

}  // namespace patella
