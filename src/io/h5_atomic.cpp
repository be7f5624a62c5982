#include "h5_atomic.hpp"

#include "patella/core/error.hpp"
#include "patella/io/table.hpp"

namespace patella::h5 {

void write_atomic(const std::string& path, const std::function<void(H5::H5File&)>& fill) {
  // The file is built in memory (HDF5's core driver, no backing store) and its image written by
  // write_file_atomic, so HDF5 never touches the disk: HDF5 1.10, on a write error (a full disk,
  // a file-size limit), crashed closing the half-written file instead of failing cleanly.
  std::string image;
  try {
    H5::Exception::dontPrint();
    H5::FileAccPropList fapl;
    if (H5Pset_fapl_core(fapl.getId(), 1 << 20, 0) < 0) throw IoError(path + ": cannot set up HDF5 in memory");
    H5::H5File file(path, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, fapl);
    fill(file);
    file.flush(H5F_SCOPE_GLOBAL);
    const ssize_t n = H5Fget_file_image(file.getId(), nullptr, 0);
    if (n < 0) throw H5::FileIException("H5Fget_file_image", "cannot take the file's image");
    image.resize(static_cast<std::size_t>(n));
    if (H5Fget_file_image(file.getId(), image.data(), image.size()) != n)
      throw H5::FileIException("H5Fget_file_image", "cannot take the file's image");
    file.close();
  } catch (const H5::Exception& e) {
    throw IoError(path + ": cannot write HDF5 (" + e.getDetailMsg() + ")");
  }
  write_file_atomic(path, image);  // a sibling temp file renamed into place; errors name path
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
