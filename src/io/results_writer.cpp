#include "patella/io/results_writer.hpp"

#include <H5Cpp.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/io/table.hpp"
#include "h5_atomic.hpp"

namespace patella {

namespace {

// what each knee-sweep column holds (the HDF5 "description" attribute); frames: F =
// femur_distal_r, X anterior, Y superior, Z lateral
std::string sweep_column_description(const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> fixed{
      {"knee_flexion_deg", "knee flexion (knee_flex_r), prescribed"},
      {"pf_tx_mm", "patella origin along the femur's X (anterior), pf_r coordinate pf_tx"},
      {"pf_ty_mm", "patella origin along the femur's Y (superior), pf_r coordinate pf_ty"},
      {"pf_tz_mm", "lateral shift: patella origin along the femur's Z (lateral), pf_r coordinate pf_tz"},
      {"pf_flex_deg", "patellar flexion, pf_r coordinate pf_flex"},
      {"pf_rot_deg", "patellar rotation, pf_r coordinate pf_rot"},
      {"pf_tilt_deg", "pf_r coordinate pf_tilt (lateral tilt is its negative)"},
      {"lateral_tilt_deg", "lateral tilt = -pf_tilt: the lateral facet turned toward the femur"},
      {"contact_force_N", "patellofemoral contact force, magnitude (elastic foundation)"},
      {"contact_area_mm2", "patellar cartilage area in contact"},
      {"mean_pressure_MPa", "contact force / area"},
      {"peak_pressure_MPa", "largest triangle pressure"},
      {"lateral_facet_fraction", "share of the contact force on the lateral facet"},
      {"converged", "1 if the equilibrium converged"},
      {"iterations", "solver iterations"},
      {"residual_N", "net force left on the patella"},
      {"lateral_stability_N", "push along +Z that holds the patella the --stability distance lateral of its equilibrium, other five coordinates free"},
      {"medial_stability_N", "push along -Z that holds it the same distance medially"},
      {"stability_converged", "1 if both stability solves converged"},
      {"residual_moment_Nm", "net moment left on the patella"},
      {"itb_tension_N", "tension applied to the iliotibial band"},
      {"itb_link_force_N", "iliopatellar band (the bundles from the ITB node to the lateral patellar border), summed tension"},
      {"kaplan_force_N", "force in the Kaplan fibres holding the ITB node to the femur"},
  };
  for (const auto& [n, d] : fixed)
    if (n == name) return d;
  auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
  if (starts("contact_force_")) return "contact force on the patella, component in F";
  if (starts("center_of_pressure_")) return "contact centre of pressure in F";
  if (starts("itb_node_offset_")) return "the ITB node from its Kaplan anchor, component in F";
  if (starts("knee_add") || starts("knee_rot") || starts("knee_t"))
    return "secondary tibiofemoral coordinate (solved, from the coupling, or prescribed)";
  if (starts("tibia_residual_N")) return name == "tibia_residual_N"
      ? "tibia's residual generalized force along knee_tx, ty, tz, |Q_t| (tibia solved)"
      : "tibia's residual generalized moment along knee_add, knee_rot, |Q_r| (tibia solved)";
  if (starts("tf_medial_force")) return "tibiofemoral contact force on the medial plateau (tibia solved)";
  if (starts("tf_lateral_force")) return "tibiofemoral contact force on the lateral plateau (tibia solved)";
  return "tension of ligament " + name.substr(0, name.size() - 2);
}

}  // namespace

ColumnTable make_sweep_table(const Model& model, const std::vector<SweepRow>& rows,
                             bool with_stability) {
  ColumnTable t;
  auto add = [&](const std::string& name, const std::string& unit, auto get) {
    t.names.push_back(name);
    t.units.push_back(unit);
    t.descriptions.push_back(sweep_column_description(name));
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
  for (std::size_t i = 0; i < model.muscles.size(); ++i) {
    add(model.muscles[i].name + "_N", "N", [i](const SweepRow& r) {
      return i < r.quadriceps.size() ? r.quadriceps[i] : 0.0;
    });
    t.descriptions.back() = "tendon force applied to " +
                            (model.muscles[i].name == model.muscles[i].muscle
                                 ? "quadriceps muscle " + model.muscles[i].name
                                 : "head " + model.muscles[i].name + " of " + model.muscles[i].muscle);
  }
  add("itb_tension_N", "N", [](const SweepRow& r) { return r.itb_tension; });
  add("itb_link_force_N", "N", [](const SweepRow& r) { return r.itb_link_tension; });
  for (int k = 0; k < 3; ++k)
    add(std::string("itb_node_offset_") + axes[k] + "_mm", "mm",
        [k, mm](const SweepRow& r) { return r.itb_node_offset[k] * mm; });
  add("kaplan_force_N", "N", [](const SweepRow& r) { return r.kaplan_force; });
  const char* tf_names[5] = {"knee_add_deg", "knee_rot_deg", "knee_tx_mm", "knee_ty_mm", "knee_tz_mm"};
  for (int k = 0; k < 5; ++k)
    add(tf_names[k], k < 2 ? "deg" : "mm", [k, mm](const SweepRow& r) {
      return k < 2 ? rad_to_deg(r.tf_secondary[k]) : r.tf_secondary[k] * mm;
    });
  // each plateau's contact force, when the sweep solved the tibia
  if (!rows.empty() && !rows.front().tf_pressure.empty()) {
    add("tf_medial_force_N", "N", [](const SweepRow& r) {
      return (r.tibia.contact.force - r.tibia.contact.lateral_force).norm();
    });
    add("tf_lateral_force_N", "N", [](const SweepRow& r) { return r.tibia.contact.lateral_force.norm(); });
    add("tibia_residual_N", "N", [](const SweepRow& r) { return r.report.tibia_residual_force; });
    add("tibia_residual_Nm", "N m", [](const SweepRow& r) { return r.report.tibia_residual_moment; });
  }
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
      // as printf's %.9g, byte for byte (the standard defines it so), at a fraction of its cost
      const char* end = std::to_chars(buf, buf + sizeof buf, t.columns[c][r], std::chars_format::general, 9).ptr;
      if (c) os << ',';
      os.write(buf, end - buf);
    }
    os << "\n";
  }
  write_file_atomic(path, os.str());
}

void write_hdf5(const std::string& path, const ColumnTable& t, const std::vector<SweepRow>& rows,
                const std::vector<std::pair<std::string, std::string>>& attributes) {
  h5::write_atomic(path, [&](H5::H5File& file) {
    for (const auto& [k, v] : attributes) h5::attribute(file, k, v);
    H5::Group g = file.createGroup("/knee_sweep");
    h5::write_columns(g, t);
    // per-face pressure and the patella poses
    const hsize_t n = rows.size();
    const hsize_t faces = rows.empty() ? 0 : rows[0].pressure.size();
    if (n && faces) {
      std::vector<double> p;
      p.reserve(n * faces);
      for (const SweepRow& r : rows) p.insert(p.end(), r.pressure.begin(), r.pressure.end());
      const hsize_t dims[2] = {n, faces};
      H5::DataSet ds = g.createDataSet("pressure_Pa", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(2, dims));
      ds.write(p.data(), H5::PredType::NATIVE_DOUBLE);
      h5::attribute(ds, "units", "Pa");
      h5::attribute(ds, "description", "pressure on each patellar cartilage triangle, in mesh order");
    }
    std::vector<Transform> poses;
    for (const SweepRow& r : rows) poses.push_back(r.state.X_FK);
    h5::write_poses(g, poses);
  });
}

}  // namespace patella
