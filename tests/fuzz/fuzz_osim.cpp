// libFuzzer target: the OpenSim .osim (XML) reader, on any bytes.
#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/osim_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = patella::fuzz::write_input("model.osim", data, size);
  try {
    (void)patella::read_osim(path);
  } catch (const patella::Error&) {
  }
  return 0;
}
