// libFuzzer target: the STL mesh reader (binary and ASCII), on any bytes.
#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/stl_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = patella::fuzz::write_input("mesh.stl", data, size);
  try {
    (void)patella::read_stl(path);
  } catch (const patella::Error&) {
  }
  return 0;
}
