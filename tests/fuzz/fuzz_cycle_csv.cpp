// libFuzzer target: the one-stride gait cycle CSV reader, on any bytes (70 kg, default pose).
#include "fuzz_input_file.hpp"
#include "patella/core/error.hpp"
#include "patella/io/gait_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = patella::fuzz::write_input("cycle.csv", data, size);
  try {
    (void)patella::read_cycle_csv(path, 70.0, patella::LegQ{});
  } catch (const patella::Error&) {
  }
  return 0;
}
