#pragma once
// HDF5 writing shared by the sweep and gait writers (private to patella::io): the file is built
// in memory and written under a temporary name, renamed only when complete, so a failure never
// leaves a partial or clobbered file.
#include <H5Cpp.h>

#include <functional>
#include <string>
#include <vector>

#include "patella/core/types.hpp"
#include "patella/io/results_writer.hpp"

namespace patella::h5 {

/// Creates path from an in-memory file filled by `fill`. @throws IoError naming the path.
void write_atomic(const std::string& path, const std::function<void(H5::H5File&)>& fill);

/// A variable-length string attribute.
void attribute(H5::H5Object& object, const std::string& name, const std::string& value);

/// One dataset per column with "units" (and "description" when the table has them).
void write_columns(H5::Group& group, const ColumnTable& table);

/// Patella poses as rows x 4 x 4 (dataset "X_FK", translation in metres).
void write_poses(H5::Group& group, const std::vector<Transform>& X_FK);

/// Poses as rows x 4 x 4 in dataset `name` (translation in metres) with a description.
void write_transforms(H5::Group& group, const std::string& name, const std::vector<Transform>& X,
                      const std::string& description);

}  // namespace patella::h5
