// libFuzzer target: the HDF5 results reader (what render and view read), on any bytes.
#include <H5Epublic.h>
#include <H5Fpublic.h>

#include <cstdio>
#include <cstdlib>

#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/results_reader.hpp"

namespace {

ssize_t open_count(unsigned types) { return H5Fget_obj_count(H5F_OBJ_ALL, types); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)quiet;  // HDF5's own error stack printing, not ours to judge
  // the HDF5 C++ library holds its predefined types (PredType) open for the process's life
  static const ssize_t types_at_start = open_count(H5F_OBJ_DATATYPE);
  const std::string path = patella::fuzz::write_input("results.h5", data, size);
  try {
    (void)patella::read_recorded_runs(path);
  } catch (const patella::Error&) {
  }
  // the reader closes every HDF5 object it opened, on every error path too: one left open keeps
  // its file's metadata and caches alive, and a long run's memory then grows without bound
  // (allocated inside libhdf5, so LeakSanitizer's libhdf5 suppression would hide it)
  const ssize_t files = open_count(H5F_OBJ_FILE), groups = open_count(H5F_OBJ_GROUP),
                datasets = open_count(H5F_OBJ_DATASET), attributes = open_count(H5F_OBJ_ATTR),
                types = open_count(H5F_OBJ_DATATYPE) - types_at_start;
  if (files || groups || datasets || attributes || types) {
    std::fprintf(stderr,
                 "fuzz_results: HDF5 objects left open after reading: %zd files, %zd groups, "
                 "%zd datasets, %zd attributes, %zd datatypes\n",
                 files, groups, datasets, attributes, types);
    std::abort();
  }
  return 0;
}
