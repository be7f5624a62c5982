#include "h5_atomic.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "patella/core/error.hpp"

namespace patella::h5 {

void write_atomic(const std::string& path, const std::function<void(H5::H5File&)>& fill) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  try {
    H5::Exception::dontPrint();
    H5::H5File file(tmp, H5F_ACC_TRUNC);
    fill(file);
    file.close();
  } catch (const H5::Exception& e) {
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot write HDF5 (" + e.getDetailMsg() + ")");
  } catch (...) {  // whatever stopped `fill` midway: no partial file stays behind
    std::remove(tmp.c_str());
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot write (" + ec.message() + ")");
  }
}

void attribute(H5::H5Object& object, const std::string& name, const std::string& value) {
  const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
  H5::Attribute a = object.createAttribute(name, str, H5::DataSpace(H5S_SCALAR));
  a.write(str, value);
}

void write_columns(H5::Group& g, const ColumnTable& t) {
  const hsize_t n = t.columns.empty() ? 0 : t.columns[0].size();
  for (std::size_t c = 0; c < t.names.size(); ++c) {
    const H5::DataSpace space(1, &n);
    H5::DataSet ds = g.createDataSet(t.names[c], H5::PredType::NATIVE_DOUBLE, space);
    if (n) ds.write(t.columns[c].data(), H5::PredType::NATIVE_DOUBLE);
    attribute(ds, "units", t.units[c]);
    if (c < t.descriptions.size()) attribute(ds, "description", t.descriptions[c]);
    if (c < t.frames.size()) attribute(ds, "frame", t.frames[c]);
  }
}

void write_poses(H5::Group& g, const std::vector<Transform>& poses) {
  write_transforms(g, "X_FK", poses, "pose of patella_r in femur_distal_r (4x4, translation in metres)");
}

void write_transforms(H5::Group& g, const std::string& name, const std::vector<Transform>& poses,
                      const std::string& description) {
  if (poses.empty()) return;
  std::vector<double> X;
  for (const Transform& T : poses)
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        X.push_back(i < 3 ? (j < 3 ? T.R(i, j) : T.p[i]) : (j < 3 ? 0.0 : 1.0));
  const hsize_t dims[3] = {poses.size(), 4, 4};
  H5::DataSet ds = g.createDataSet(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(3, dims));
  ds.write(X.data(), H5::PredType::NATIVE_DOUBLE);
  attribute(ds, "units", "m");
  attribute(ds, "frame", "femur_distal_r");
  attribute(ds, "description", description);
}

}  // namespace patella::h5
