#pragma once
/// A table of named columns with units: what results writers (CSV, HDF5) take.
#include <string>
#include <vector>

namespace patella {

struct ColumnTable {
  std::vector<std::string> names;   ///< with the unit in the name, e.g. pf_tz_mm
  std::vector<std::string> units;   ///< "mm", "deg", "N", "mm2", "MPa", "1"
  std::vector<std::vector<double>> columns;
  std::vector<std::string> descriptions;  ///< optional, one per column (HDF5 attribute)
  std::vector<std::string> frames;        ///< optional: the frame or basis each value is in
};

}  // namespace patella
