// libFuzzer target: the HDF5 results reader (what render and view read), on any bytes.
#include <H5Epublic.h>

#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/results_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)quiet;  // HDF5's own error stack printing, not ours to judge
  const std::string path = patella::fuzz::write_input("results.h5", data, size);
  try {
    (void)patella::read_recorded_runs(path);
  } catch (const patella::Error&) {
  }
  return 0;
}
