#include "patella/io/results_writer.hpp"

#include <H5Cpp.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/io/table.hpp"

namespace patella {

ColumnTable make_sweep_table(const Model& model, const std::vector<SweepRow>& rows,
                             bool with_stability) {
  ColumnTable t;
  auto add = [&](const std::string& name, const std::string& unit, auto get) {
    t.names.push_back(name);
    t.units.push_back(unit);
    std::vector<double> col;
    for (const SweepRow& r : rows) col.push_back(get(r));
    t.columns.push_back(std::move(col));
  };
  const double mm = 1e3, MPa = 1e-6;
  add("knee_flexion_deg", "deg", [](const SweepRow& r) { return rad_to_deg(r.knee_flexion); });
  add("pf_tx_mm", "mm", [&](const SweepRow& r) { return r.pf[kPfTx] * mm; });
  add("pf_ty_mm", "mm", [&](const SweepRow& r) { return r.pf[kPfTy] * mm; });
  add("pf_tz_mm", "mm", [&](const SweepRow& r) { return r.pf[kPfTz] * mm; });
  add("pf_flex_deg", "deg", [](const SweepRow& r) { return rad_to_deg(r.pf[kPfFlex]); });
  add("pf_rot_deg", "deg", [](const SweepRow& r) { return rad_to_deg(r.pf[kPfRot]); });
  add("pf_tilt_deg", "deg", [](const SweepRow& r) { return rad_to_deg(r.pf[kPfTilt]); });
  add("lateral_tilt_deg", "deg",
      [](const SweepRow& r) { return rad_to_deg(lateral_tilt_from_pf(r.pf.data())); });
  add("contact_force_N", "N", [](const SweepRow& r) { return r.contact.force.norm(); });
  add("contact_area_mm2", "mm2", [&](const SweepRow& r) { return r.contact.area * mm * mm; });
  add("mean_pressure_MPa", "MPa", [&](const SweepRow& r) { return r.contact.mean_pressure * MPa; });
  add("peak_pressure_MPa", "MPa", [&](const SweepRow& r) { return r.contact.peak_pressure * MPa; });
  add("lateral_facet_fraction", "1", [](const SweepRow& r) { return r.contact.lateral_fraction; });
  add("converged", "1", [](const SweepRow& r) { return r.report.converged ? 1.0 : 0.0; });
  add("iterations", "1", [](const SweepRow& r) { return double(r.report.iterations); });
  add("residual_N", "N", [](const SweepRow& r) { return r.report.residual_force; });
  if (with_stability) {
    add("lateral_stability_N", "N", [](const SweepRow& r) { return r.lateral_stability; });
    add("medial_stability_N", "N", [](const SweepRow& r) { return r.medial_stability; });
    add("stability_converged", "1", [](const SweepRow& r) { return r.stability_converged ? 1.0 : 0.0; });
  }
  add("residual_moment_Nm", "N m", [](const SweepRow& r) { return r.report.residual_moment; });
  const char* axes = "xyz";
  for (int k = 0; k < 3; ++k)
    add(std::string("contact_force_") + axes[k] + "_N", "N",
        [k](const SweepRow& r) { return r.contact.force[k]; });
  for (int k = 0; k < 3; ++k)
    add(std::string("center_of_pressure_") + axes[k] + "_mm", "mm",
        [k, mm](const SweepRow& r) { return r.contact.center_of_pressure[k] * mm; });
  add("itb_link_force_N", "N", [](const SweepRow& r) { return r.itb_link_tension; });
  add("itb_node_shift_mm", "mm", [&](const SweepRow& r) { return r.state.itb_node_shift * mm; });
  const char* tf_names[5] = {"knee_add_deg", "knee_rot_deg", "knee_tx_mm", "knee_ty_mm", "knee_tz_mm"};
  for (int k = 0; k < 5; ++k)
    add(tf_names[k], k < 2 ? "deg" : "mm", [k, mm](const SweepRow& r) {
      return k < 2 ? rad_to_deg(r.tf_secondary[k]) : r.tf_secondary[k] * mm;
    });
  for (std::size_t i = 0; i < model.ligaments.size(); ++i)
    add(model.ligaments[i].name + "_N", "N", [i](const SweepRow& r) { return r.ligament_tension[i]; });
  return t;
}

void write_csv(const std::string& path, const ColumnTable& t) {
  std::ostringstream os;
  for (std::size_t c = 0; c < t.names.size(); ++c) os << (c ? "," : "") << t.names[c];
  os << "\n";
  const std::size_t n = t.columns.empty() ? 0 : t.columns[0].size();
  char buf[64];
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < t.names.size(); ++c) {
      std::snprintf(buf, sizeof buf, "%.9g", t.columns[c][r]);
      os << (c ? "," : "") << buf;
    }
    os << "\n";
  }
  write_file_atomic(path, os.str());
}

void write_hdf5(const std::string& path, const ColumnTable& t, const std::vector<SweepRow>& rows,
                const std::vector<std::pair<std::string, std::string>>& attributes) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  try {
    H5::Exception::dontPrint();
    H5::H5File file(tmp, H5F_ACC_TRUNC);
    const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
    const H5::DataSpace scalar(H5S_SCALAR);
    auto attr = [&](H5::H5Object& obj, const std::string& name, const std::string& value) {
      H5::Attribute a = obj.createAttribute(name, str, scalar);
      a.write(str, value);
    };
    for (const auto& [k, v] : attributes) attr(file, k, v);
    H5::Group g = file.createGroup("/knee_sweep");
    const hsize_t n = rows.size();
    for (std::size_t c = 0; c < t.names.size(); ++c) {
      const H5::DataSpace space(1, &n);
      H5::DataSet ds = g.createDataSet(t.names[c], H5::PredType::NATIVE_DOUBLE, space);
      if (n) ds.write(t.columns[c].data(), H5::PredType::NATIVE_DOUBLE);
      attr(ds, "units", t.units[c]);
    }
    // per-face pressure and the patella poses
    const hsize_t faces = rows.empty() ? 0 : rows[0].pressure.size();
    if (n && faces) {
      std::vector<double> p;
      p.reserve(n * faces);
      for (const SweepRow& r : rows) p.insert(p.end(), r.pressure.begin(), r.pressure.end());
      const hsize_t dims[2] = {n, faces};
      H5::DataSet ds = g.createDataSet("pressure_Pa", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(2, dims));
      ds.write(p.data(), H5::PredType::NATIVE_DOUBLE);
      attr(ds, "units", "Pa");
      attr(ds, "description", "pressure on each patellar cartilage triangle, in mesh order");
    }
    if (n) {
      std::vector<double> X;
      for (const SweepRow& r : rows)
        for (int i = 0; i < 4; ++i)
          for (int j = 0; j < 4; ++j)
            X.push_back(i < 3 ? (j < 3 ? r.state.X_FK.R(i, j) : r.state.X_FK.p[i]) : (j < 3 ? 0.0 : 1.0));
      const hsize_t dims[3] = {n, 4, 4};
      H5::DataSet ds = g.createDataSet("X_FK", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(3, dims));
      ds.write(X.data(), H5::PredType::NATIVE_DOUBLE);
      attr(ds, "units", "m");
      attr(ds, "description", "pose of patella_r in femur_distal_r (4x4, translation in metres)");
    }
    file.close();
  } catch (const H5::Exception& e) {
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot write HDF5 (" + e.getDetailMsg() + ")");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot write (" + ec.message() + ")");
  }
}

}  // namespace patella
