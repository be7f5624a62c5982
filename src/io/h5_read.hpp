#pragma once
// HDF5 reading shared by the results and sweep readers (private to patella::io): strings,
// and doubles whose count is checked against what the file can hold before anything is
// allocated (a damaged or crafted file's shape is not trusted).
#include <H5Cpp.h>

#include <filesystem>
#include <string>
#include <vector>

#include "patella/core/error.hpp"

namespace patella::h5 {

inline std::string string_attribute(const H5::H5Object& o, const std::string& name) {
  if (!o.attrExists(name)) return "";
  H5::Attribute a = o.openAttribute(name);
  std::string v;
  a.read(a.getStrType(), v);
  return v;
}

// How many values a dataset's shape claims, refused when more than its file could hold: the
// file's size times gzip's best ratio (about 1032:1, zlib's technical notes), plus a margin. A
// damaged or crafted shape otherwise asks for terabytes (found by fuzzing: std::bad_alloc).
inline std::size_t checked_count(const H5::DataSet& ds, const std::vector<hsize_t>& dims,
                          std::size_t bytes_per_value, const std::string& where) {
  std::error_code ec;
  const std::uintmax_t file_bytes = std::filesystem::file_size(ds.getFileName(), ec);
  const long double limit = 1100.0L * static_cast<long double>(ec ? 0 : file_bytes) + (1 << 20);
  long double n = 1;
  std::string shape;
  for (hsize_t d : dims) {
    n *= static_cast<long double>(d);
    shape += (shape.empty() ? "" : " x ") + std::to_string(d);
  }
  if (n * static_cast<long double>(bytes_per_value) > limit)
    throw IoError(where + ": its shape (" + shape + ") claims more values than the file can hold");
  return static_cast<std::size_t>(n);
}

inline std::vector<double> read_doubles(const H5::DataSet& ds, std::vector<hsize_t>& dims,
                                 const std::string& where) {
  const H5::DataSpace space = ds.getSpace();
  dims.assign(static_cast<std::size_t>(space.getSimpleExtentNdims()), 0);
  space.getSimpleExtentDims(dims.data());
  const std::size_t n = checked_count(ds, dims, sizeof(double), where);
  std::vector<double> v(n);
  if (n) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
  return v;
}

}  // namespace patella::h5
