#include <catch2/catch.hpp>

#include <H5Cpp.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "patella/core/error.hpp"
#include "patella/io/results_reader.hpp"

using namespace patella;
using Catch::Matchers::Contains;

namespace {
// a minimal /gait results group: the channels named, body poses for femur_r (identity, or with a
// NaN at `nan_frame`), and no pressure; what read_recorded_runs checks before it reads pressure
std::string write_results(const std::string& name, std::size_t frames, std::size_t cycle_rows,
                          int nan_frame = -1) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("patella_results_reader_" + name + ".h5")).string();
  H5::H5File f(path, H5F_ACC_TRUNC);
  H5::Group g = f.createGroup("gait");
  auto channel = [&](const std::string& n, std::size_t rows) {
    std::vector<double> v(rows);
    for (std::size_t k = 0; k < rows; ++k) v[k] = n == "gait_percent" ? 50.0 * k : 1.0;
    if (n == "cycle") std::fill(v.begin(), v.end(), 0.0);
    const hsize_t dims[1] = {rows};
    g.createDataSet(n, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, dims))
        .write(v.data(), H5::PredType::NATIVE_DOUBLE);
  };
  channel("gait_percent", frames);
  channel("cycle", cycle_rows);
  channel("pf_contact_force_N", frames);
  H5::Group bp = g.createGroup("body_poses");
  std::vector<double> X(frames * 16, 0.0);
  for (std::size_t k = 0; k < frames; ++k)
    for (int i = 0; i < 4; ++i) X[k * 16 + i * 4 + i] = 1.0;
  if (nan_frame >= 0) X[nan_frame * 16 + 3] = std::numeric_limits<double>::quiet_NaN();
  const hsize_t pd[3] = {frames, 4, 4};
  bp.createDataSet("femur_r", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(3, pd))
      .write(X.data(), H5::PredType::NATIVE_DOUBLE);
  return path;
}

std::string error_of(const std::string& path) {
  try {
    read_recorded_runs(path);
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("results reader: a channel shorter than the frames is refused, naming it", "[io][results]") {
  // a /gait/cycle with fewer rows than pf_contact_force_N read past its end in the pictures
  const std::string path = write_results("short_cycle", 3, 2);
  CHECK_THAT(error_of(path), Contains("/cycle") && Contains("2 values") && Contains("3 frames"));
  std::filesystem::remove(path);
}

TEST_CASE("results reader: a pose that is not finite is refused, naming body and frame",
          "[io][results]") {
  const std::string path = write_results("nan_pose", 3, 3, 1);
  CHECK_THAT(error_of(path), Contains("body_poses/femur_r") && Contains("frame 1") &&
                                 Contains("not finite"));
  std::filesystem::remove(path);
}

TEST_CASE("results reader: consistent channels pass the length checks", "[io][results]") {
  // this file lacks the per-triangle pressure, so the reader stops there: past every check above
  const std::string path = write_results("consistent", 3, 3);
  CHECK_THAT(error_of(path), Contains("pressure_frames_Pa"));
  std::filesystem::remove(path);
}
