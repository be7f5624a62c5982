// libFuzzer target: the OpenSim Storage reader (.sto/.mot, version 1 and 3 headers), on any bytes.
#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = patella::fuzz::write_input("motion.mot", data, size);
  try {
    (void)patella::read_sto(path);
  } catch (const patella::Error&) {
  }
  return 0;
}
