#include "patella/io/gait_results.hpp"

#include <H5Cpp.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "h5_atomic.hpp"
#include "gait_frame_detail.hpp"
#include "patella/io/table.hpp"
#include "patella/gait/compare.hpp"
#include "patella/gait/summary.hpp"
#include "patella/gait/actuation.hpp"
#include "patella/mechanics/equilibrium.hpp"

#include <sstream>

namespace patella {

ColumnTable make_gait_table(const GaitResult& res) {
  ColumnTable t;
  const double bw = res.body_mass * 9.80665;
  auto add = [&](const std::string& name, const std::string& unit, const std::string& what,
                 const std::function<double(const GaitFrame&)>& f) {
    t.names.push_back(name);
    t.units.push_back(unit);
    t.descriptions.push_back(what);
    std::vector<double> col;
    col.reserve(res.frames.size());
    for (const GaitFrame& fr : res.frames) col.push_back(f(fr));
    t.columns.push_back(std::move(col));
  };
  const double mm = 1e3;
  add("gait_percent", "%", "percent of the gait cycle from right foot strike",
      [](const GaitFrame& f) { return f.gait_percent; });
  add("time_s", "s", "time in the trial's own time base (an OpenSim trial's times; from 0 for a cycle CSV)",
      [&res](const GaitFrame& f) { return f.time + res.time_offset; });
  add("knee_flexion_deg", "deg", "knee_flex_r, flexion positive",
      [](const GaitFrame& f) { return rad_to_deg(f.q[kKneeFlex]); });
  add("hip_adduction_deg", "deg", "hip_add_r, adduction positive",
      [](const GaitFrame& f) { return rad_to_deg(f.q[kHipAdd]); });
  add("hip_rotation_deg", "deg", "hip_rot_r, internal rotation positive",
      [](const GaitFrame& f) { return rad_to_deg(f.q[kHipRot]); });
  const char* pf_names[6] = {"pf_flex", "pf_rot", "pf_tilt", "pf_tx", "pf_ty", "pf_tz"};
  for (int c : {kPfTx, kPfTy, kPfTz})
    add(std::string(pf_names[c]) + "_mm", "mm",
        std::string(pf_names[c]) + "_r: patella origin in femur_distal_r" +
            (c == kPfTz ? " (lateral shift, + lateral)" : ""),
        [c, mm](const GaitFrame& f) { return f.pf[c] * mm; });
  for (int c : {kPfFlex, kPfRot, kPfTilt})
    add(std::string(pf_names[c]) + "_deg", "deg", std::string(pf_names[c]) + "_r coordinate",
        [c](const GaitFrame& f) { return rad_to_deg(f.pf[c]); });
  add("lateral_tilt_deg", "deg", "lateral patellar tilt = -pf_tilt_r",
      [](const GaitFrame& f) { return rad_to_deg(lateral_tilt_from_pf(f.pf.data())); });
  add("pf_contact_force_N", "N", "patellofemoral contact force magnitude",
      [](const GaitFrame& f) { return f.contact.force.norm(); });
  add("pf_contact_force_BW", "BW", "patellofemoral contact force in body weights",
      [bw](const GaitFrame& f) { return f.contact.force.norm() / bw; });
  add("contact_area_mm2", "mm2", "patellar cartilage area in contact",
      [](const GaitFrame& f) { return f.contact.area * 1e6; });
  add("mean_pressure_MPa", "MPa", "mean contact pressure over the contact area",
      [](const GaitFrame& f) { return f.contact.mean_pressure * 1e-6; });
  add("peak_pressure_MPa", "MPa", "peak contact pressure",
      [](const GaitFrame& f) { return f.contact.peak_pressure * 1e-6; });
  add("lateral_facet_fraction", "1", "lateral facet's share of the contact force",
      [](const GaitFrame& f) { return f.contact.lateral_fraction; });
  add("lateral_facet_force_N", "N", "magnitude of the contact force on the lateral facet",
      [](const GaitFrame& f) { return f.contact.lateral_force.norm(); });
  add("quadriceps_force_N", "N", "sum of the quadriceps tendon forces (the vasti's heads included)",
      [&res](const GaitFrame& f) {
        double s = 0;
        for (int m : res.quadriceps) s += f.force[m];
        return s;
      });
  add("itb_tension_N", "N", "iliotibial band tension (its muscles plus passive stretch)",
      [](const GaitFrame& f) { return f.itb_tension; });
  add("converged", "1", "1 if the patellar equilibrium converged",
      [](const GaitFrame& f) { return f.report.converged ? 1.0 : 0.0; });
  for (std::size_t m = 0; m < res.muscles.size(); ++m)
    add("force_" + res.muscles[m] + "_N", "N", "tendon force of " + res.muscles[m] +
        " from the integrated activation", [m](const GaitFrame& f) { return f.force[m]; });
  // the rest
  add("cycle", "1", "cycle number from 0", [](const GaitFrame& f) { return double(f.cycle); });
  add("hip_flexion_deg", "deg", "hip_flex_r", [](const GaitFrame& f) { return rad_to_deg(f.q[kHipFlex]); });
  add("femoral_rotation_deg", "deg",
      "femur turned internally under the planted foot (kinematics.femoral_internal_rotation_"
      "planted_foot; part of hip_rotation_deg, the tibia keeps its orientation)",
      [](const GaitFrame& f) { return rad_to_deg(f.femoral_rotation); });
  add("ankle_flexion_deg", "deg", "ankle_flex_r, dorsiflexion positive",
      [](const GaitFrame& f) { return rad_to_deg(f.q[kAnkleFlex]); });
  add("clinical_lateral_shift_mm", "mm",
      "patellar median ridge lateral of the trochlear groove's deepest point, seen along the "
      "patella's articular normal (a sunrise view); NaN where no groove bottom is found under "
      "the patella (past about 65 deg of flexion it has left the trochlea for the notch)",
      [](const GaitFrame& f) { return f.clinical_shift * 1e3; });
  add("clinical_lateral_tilt_deg", "deg",
      "patella's mediolateral axis against the posterior condylar line in the femur's axial "
      "plane, + lateral border posterior",
      [](const GaitFrame& f) { return rad_to_deg(f.clinical_tilt); });
  // the tibia (knee.tibiofemoral): solved, or placed by the coupling
  const char* tf_name[5] = {"knee_add_deg", "knee_rot_deg", "knee_tx_mm", "knee_ty_mm", "knee_tz_mm"};
  const char* tf_doc[5] = {"knee_add_r, tibial adduction (varus) +", "knee_rot_r, tibial internal rotation +",
                           "knee_tx_r, tibia anterior + (along femur_distal_r X)",
                           "knee_ty_r, tibia superior + (along femur_distal_r Y)",
                           "knee_tz_r, tibia lateral + (along femur_distal_r Z)"};
  for (int c = 0; c < 5; ++c)
    add(tf_name[c], c < 2 ? "deg" : "mm",
        std::string(tf_doc[c]) + "; solved with the patella when knee.tibiofemoral is solved, "
                                 "else the passive coupling's",
        [c](const GaitFrame& f) { return c < 2 ? rad_to_deg(f.tf_secondary[c]) : 1e3 * f.tf_secondary[c]; });
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto tf_solved = [](const GaitFrame& f) { return !f.tf_contact_pressure.empty(); };
  add("tf_medial_force_N", "N",
      "tibiofemoral contact force on the medial plateau (NaN unless the tibia is solved)",
      [=](const GaitFrame& f) { return tf_solved(f) ? (f.tf_contact.force - f.tf_contact.lateral_force).norm() : nan; });
  add("tf_lateral_force_N", "N",
      "tibiofemoral contact force on the lateral plateau (NaN unless the tibia is solved)",
      [=](const GaitFrame& f) { return tf_solved(f) ? f.tf_contact.lateral_force.norm() : nan; });
  add("tibia_residual_N", "N",
      "the tibia's residual generalized force along knee_tx, ty, tz at the solution (NaN unless "
      "the tibia is solved)",
      [=](const GaitFrame& f) { return tf_solved(f) ? f.report.tibia_residual_force : nan; });
  add("tibia_residual_Nm", "N m",
      "the tibia's residual generalized moment along knee_add, knee_rot at the solution (NaN "
      "unless the tibia is solved)",
      [=](const GaitFrame& f) { return tf_solved(f) ? f.report.tibia_residual_moment : nan; });
  add("tf_contact_area_mm2", "mm2",
      "tibial cartilage area in contact (NaN unless the tibia is solved)",
      [=](const GaitFrame& f) { return tf_solved(f) ? f.tf_contact.area * 1e6 : nan; });
  const char* dof[5] = {"hip_flex", "hip_add", "hip_rot", "knee_flex", "ankle_flex"};
  for (int j = 0; j < 5; ++j) {
    add(std::string("id_") + dof[j] + "_Nm", "N m",
        std::string("inverse-dynamics generalized force of ") + dof[j] + "_r",
        [j](const GaitFrame& f) { return f.tau_id[j]; });
    add(std::string("reserve_") + dof[j] + "_Nm", "N m",
        res.control == Control::Uncompensated
            ? std::string("net-moment imbalance at ") + dof[j] +
                  "_r left by the held baseline activations (uncompensated control)"
            : std::string("static optimisation reserve moment at ") + dof[j] + "_r",
        [j](const GaitFrame& f) { return f.reserve[j]; });
    add(std::string("muscle_moment_") + dof[j] + "_Nm", "N m",
        std::string("moment of the integrated muscle forces at ") + dof[j] + "_r",
        [j](const GaitFrame& f) { return f.muscle_moment[j]; });
  }
  add("stalled", "1",
      "1 if the patellar equilibrium converged by the solver's stall rule (no step lowers the "
      "residual at a kink of the contact, residual within 1e-4 of the load carried)",
      [](const GaitFrame& f) { return f.report.stalled ? 1.0 : 0.0; });
  add("saturated_muscles", "1",
      "muscles whose static-optimisation activation exceeds 0.95 (saturated) in this frame",
      [](const GaitFrame& f) { return double(saturated_muscles(f)); });
  add("quadriceps_knee_arm_mm", "mm",
      "knee_flex generalized force per newton of quadriceps (through the patellar tendon)",
      [mm](const GaitFrame& f) { return f.quadriceps_arm * mm; });
  // the mediolateral force budget on the patella (mechanics/force_budget.hpp); the full
  // vectors and moments are in the HDF5's /gait/force_budget_N
  for (std::size_t b = 0; b < res.budget_terms.size(); ++b)
    add("budget_lateral_" + res.budget_terms[b] + "_N", "N",
        "lateral (+) or medial (-) component of the force of " + res.budget_terms[b] +
            " on the patella; the budget's terms sum to zero at equilibrium",
        [b](const GaitFrame& f) { return b < f.budget_force.size() ? f.budget_force[b].z() : 0.0; });
  const char* axes = "xyz";
  for (int k = 0; k < 3; ++k)
    add(std::string("grf_") + axes[k] + "_N", "N",
        std::string("ground reaction on the right foot, ground ") + axes[k],
        [k](const GaitFrame& f) { return f.grf.force[k]; });
  for (std::size_t m = 0; m < res.muscles.size(); ++m)
    add("activation_" + res.muscles[m], "1", "integrated activation of " + res.muscles[m],
        [m](const GaitFrame& f) { return f.activation[m]; });
  for (std::size_t m = 0; m < res.muscles.size(); ++m)
    add("activation_so_" + res.muscles[m], "1", "static-optimisation activation of " +
        res.muscles[m], [m](const GaitFrame& f) { return f.activation_so[m]; });
  // the frame or basis of each channel
  for (const std::string& n : t.names) {
    auto starts = [&](const char* p) { return n.rfind(p, 0) == 0; };
    std::string frame = "-";
    if (starts("pf_t") || starts("pf_flex") || starts("pf_rot") || starts("lateral_tilt"))
      frame = "patella_r in femur_distal_r (pf_r coordinates; X anterior, Y superior, Z lateral)";
    else if (starts("pf_contact") || starts("contact_area") || starts("mean_pressure") ||
             starts("peak_pressure") || starts("lateral_facet_fraction"))
      frame = "patellar cartilage (magnitudes)";
    else if (starts("knee_") || starts("hip_") || starts("ankle_"))
      frame = "OpenSim joint coordinate of lenhart2015.osim";
    else if (starts("id_") || starts("reserve_") || starts("muscle_moment_"))
      frame = "generalized force of the named coordinate (OpenSim sign)";
    else if (starts("grf_"))
      frame = "ground (X forward, Y up, Z right), on calcn_r";
    else if (starts("force_") || starts("quadriceps_force") || starts("itb_tension"))
      frame = "along the tendon or band (tension positive)";
    else if (starts("budget_"))
      frame = "Z of femur_distal_r (+ lateral), force on patella_r";
    else if (starts("quadriceps_knee_arm"))
      frame = "knee_flex_r generalized force per newton";
    t.frames.push_back(frame);
  }
  return t;
}

namespace {
std::string storage(const std::string& name, bool degrees, const std::vector<std::string>& columns,
                    const std::vector<std::vector<double>>& rows) {
  std::ostringstream os;
  os << name << "\nversion=1\nnRows=" << rows.size() << "\nnColumns=" << columns.size()
     << "\ninDegrees=" << (degrees ? "yes" : "no") << "\nendheader\n";
  for (std::size_t c = 0; c < columns.size(); ++c) os << (c ? "\t" : "") << columns[c];
  os << "\n";
  char buf[64];
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < r.size(); ++c) {
      // as printf's %.10g, byte for byte (the standard defines it so), at a fraction of its cost
      const char* end = std::to_chars(buf, buf + sizeof buf, r[c], std::chars_format::general, 10).ptr;
      if (c) os << '\t';
      os.write(buf, end - buf);
    }
    os << "\n";
  }
  return os.str();
}
}  // namespace

std::vector<std::string> write_gait_sto(const std::string& base, const GaitResult& res,
                                        const Model& model) {
  // forces: every muscle, then the static optimisation's reserve moments, named as OpenSim's
  // StaticOptimization names its coordinate actuators (<coordinate>_reserve)
  std::vector<std::string> cols{"time"}, acols{"time"};
  for (const std::string& m : res.muscles) cols.push_back(m);
  acols = cols;
  for (int j = 0; j < 5; ++j) cols.push_back(leg_dof_names()[kDrivenDofs[j]] + "_reserve");
  std::vector<std::vector<double>> forces, acts, kin, grf;
  for (const GaitFrame& f : res.frames) {
    const double t = f.time + res.time_offset;
    std::vector<double> rf{t}, ra{t};
    rf.insert(rf.end(), f.force.begin(), f.force.end());
    rf.insert(rf.end(), f.reserve.begin(), f.reserve.end());
    ra.insert(ra.end(), f.activation.begin(), f.activation.end());
    forces.push_back(rf);
    acts.push_back(ra);
    grf.push_back({t, f.grf.force.x(), f.grf.force.y(), f.grf.force.z(), f.grf.point.x(),
                   f.grf.point.y(), f.grf.point.z(), f.grf.torque.x(), f.grf.torque.y(),
                   f.grf.torque.z()});
  }
  // coordinates: the leg's, the tibiofemoral secondaries used, the patella's
  std::vector<std::string> kcols{"time"};
  for (int d = 0; d < kNumLegDofs; ++d) kcols.push_back(leg_dof_names()[d]);
  const Joint& knee_joint = model.tree.joints[model.knee_joint];
  for (std::size_t c = 1; c < knee_joint.coordinates.size(); ++c)
    kcols.push_back(model.tree.coordinates[knee_joint.coordinates[c]].name);
  for (int c : model.tree.joints[model.pf_joint].coordinates)
    kcols.push_back(model.tree.coordinates[c].name);
  for (const GaitFrame& f : res.frames) {
    std::vector<double> r{f.time + res.time_offset};
    for (int d = 0; d < kNumLegDofs; ++d) r.push_back(is_translation(d) ? f.q[d] : rad_to_deg(f.q[d]));
    const auto tf = tibiofemoral_secondary(model, f.q[kKneeFlex]);
    for (int c = 0; c < 5; ++c) r.push_back(c < 2 ? rad_to_deg(tf[c]) : tf[c]);
    for (int c = 0; c < 6; ++c) r.push_back(c < 3 ? rad_to_deg(f.pf[c]) : f.pf[c]);
    kin.push_back(r);
  }
  const std::vector<std::string> files{base + "_forces.sto", base + "_activations.sto",
                                       base + "_kinematics.mot", base + "_grf.mot",
                                       base + "_external_loads.xml"};
  write_file_atomic(files[0], storage("muscle tendon forces (N) and reserve moments (N m)", false, cols, forces));
  write_file_atomic(files[1], storage("muscle activations", false, acols, acts));
  write_file_atomic(files[2], storage("Coordinates", true, kcols, kin));
  // the ground reaction the run applied to the right foot (force, point and free torque in
  // ground), with the ExternalLoads file that applies it in OpenSim's tools
  write_file_atomic(files[3], storage("ground reaction on calcn_r (N, m, N m; ground frame)", false,
                                      {"time", "ground_force_vx", "ground_force_vy", "ground_force_vz",
                                       "ground_force_px", "ground_force_py", "ground_force_pz",
                                       "ground_torque_x", "ground_torque_y", "ground_torque_z"},
                                      grf));
  const std::string datafile = std::filesystem::path(files[3]).filename().string();
  write_file_atomic(files[4],
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
                    "<OpenSimDocument Version=\"40000\">\n"
                    "  <ExternalLoads name=\"externalloads\">\n"
                    "    <objects>\n"
                    "      <ExternalForce name=\"right_foot\">\n"
                    "        <applied_to_body>calcn_r</applied_to_body>\n"
                    "        <force_expressed_in_body>ground</force_expressed_in_body>\n"
                    "        <point_expressed_in_body>ground</point_expressed_in_body>\n"
                    "        <force_identifier>ground_force_v</force_identifier>\n"
                    "        <point_identifier>ground_force_p</point_identifier>\n"
                    "        <torque_identifier>ground_torque_</torque_identifier>\n"
                    "        <data_source_name>" + datafile + "</data_source_name>\n"
                    "      </ExternalForce>\n"
                    "    </objects>\n"
                    "    <groups />\n"
                    "    <datafile>" + datafile + "</datafile>\n"
                    "  </ExternalLoads>\n"
                    "</OpenSimDocument>\n");
  return files;
}

namespace {
// /gait/summary: per channel of the per-cycle summary, datasets peak, peak_percent, min,
// min_percent, mean (one value per cycle); /gait/pressure_Pa: per-triangle pressure at the kept
// frames (kept frames x patellar triangles), with their frame indices and gait percents
void write_summary_and_pressure(H5::Group& g, const GaitResult& res) {
  const std::vector<CycleSummary> sums = summarize_gait(res);
  H5::Group sg = g.createGroup("summary");
  h5::attribute(sg, "description", "per-cycle summary: one value per cycle in each dataset");
  if (!sums.empty())
    for (std::size_t l = 0; l < sums[0].lines.size(); ++l) {
      std::string name = sums[0].lines[l].channel;
      for (char& ch : name)
        if (ch == ' ' || ch == '(' || ch == ')') ch = '_';
      H5::Group cg = sg.createGroup(name);
      ColumnTable t;
      const std::string unit = sums[0].lines[l].unit;
      const char* fields[5] = {"peak", "peak_percent", "min", "min_percent", "mean"};
      for (int k = 0; k < 5; ++k) {
        t.names.push_back(fields[k]);
        t.units.push_back(k == 1 || k == 3 ? "%" : unit);
        t.descriptions.push_back(std::string(fields[k]) + " of " + sums[0].lines[l].channel +
                                 " per cycle");
        std::vector<double> col;
        for (const CycleSummary& s : sums) {
          const SummaryLine& line = s.lines[l];
          const double v[5] = {line.peak, line.peak_percent, line.min, line.min_percent, line.mean};
          col.push_back(v[k]);
        }
        t.columns.push_back(col);
      }
      h5::write_columns(cg, t);
    }
  // /gait/question: the values where a runner's question is (last cycle): at the peak-PF
  // frame, over loading response and over stance (gait/compare.hpp question_metrics)
  {
    H5::Group qg = g.createGroup("question");
    h5::attribute(qg, "description",
                  "the last cycle's values where a runner's question is: at the frame of peak PF "
                  "force, mean over loading response (foot strike to the stance peak of knee "
                  "flexion) and over stance; one value per dataset");
    ColumnTable t;
    for (const ComparedMetric& m : question_metrics(res)) {
      std::string n = m.name;
      for (char& ch : n)
        if (ch == ' ') ch = '_';
      t.names.push_back(n);
      t.units.push_back(m.unit);
      t.descriptions.push_back(m.name);
      t.columns.push_back(m.value);
    }
    h5::write_columns(qg, t);
  }
  // /gait/actuation: per cycle, each driven joint's peak reserve against its peak net moment,
  // and the muscles that saturate (static-optimisation activation > 0.95)
  {
    const std::vector<ActuationCheck> checks = check_actuation(res);
    H5::Group ag = g.createGroup("actuation");
    h5::attribute(ag, "description",
                  "per cycle (one value per cycle in each dataset): each driven joint's largest "
                  "|reserve| and |net moment| and their ratio (reserves are small below 0.05), "
                  "and the frames where a muscle saturates (activation_so > 0.95)");
    ColumnTable t;
    auto column = [&](const std::string& name, const std::string& unit, const std::string& what,
                      const std::function<double(const ActuationCheck&)>& f) {
      t.names.push_back(name);
      t.units.push_back(unit);
      t.descriptions.push_back(what);
      std::vector<double> v;
      for (const ActuationCheck& c : checks) v.push_back(f(c));
      t.columns.push_back(v);
    };
    for (int j = 0; j < 5; ++j) {
      const std::string d = driven_dof_names()[j];
      column("peak_reserve_" + d + "_Nm", "N m", "largest |reserve| at " + d + "_r in the cycle",
             [j](const ActuationCheck& c) { return c.joints[j].peak_reserve; });
      column("peak_moment_" + d + "_Nm", "N m", "largest |net moment| at " + d + "_r in the cycle",
             [j](const ActuationCheck& c) { return c.joints[j].peak_moment; });
      column("reserve_share_" + d, "1", "peak |reserve| / peak |net moment| at " + d + "_r",
             [j](const ActuationCheck& c) { return c.joints[j].share(); });
    }
    column("saturated_frames", "1", "frames where any muscle's activation_so exceeds 0.95",
           [](const ActuationCheck& c) { return double(c.saturated_frames); });
    h5::write_columns(ag, t);
    std::vector<std::string> seen;
    std::string names;
    for (const ActuationCheck& c : checks)
      for (const SaturatedMuscle& m : c.saturated)
        if (std::find(seen.begin(), seen.end(), m.muscle) == seen.end()) {
          seen.push_back(m.muscle);
          names += (names.empty() ? "" : ",") + m.muscle;
        }
    h5::attribute(ag, "saturated_muscles", names);
  }
  std::vector<double> p, idx, pct;
  std::size_t faces = 0;
  for (std::size_t k = 0; k < res.frames.size(); ++k)
    if (!res.frames[k].pressure.empty()) {
      faces = res.frames[k].pressure.size();
      p.insert(p.end(), res.frames[k].pressure.begin(), res.frames[k].pressure.end());
      idx.push_back(double(k));
      pct.push_back(res.frames[k].gait_percent);
    }
  if (faces) {
    const hsize_t dims[2] = {idx.size(), faces};
    H5::DataSet ds = g.createDataSet("pressure_Pa", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(2, dims));
    ds.write(p.data(), H5::PredType::NATIVE_DOUBLE);
    h5::attribute(ds, "units", "Pa");
    h5::attribute(ds, "frame", "patellar cartilage triangles, in mesh order");
    h5::attribute(ds, "description",
                  "contact pressure per patellar triangle at the kept frames (peak PF force of "
                  "each cycle and output.pressure_at); rows follow pressure_frame_index");
    ColumnTable t;
    t.names = {"pressure_frame_index", "pressure_gait_percent"};
    t.units = {"1", "%"};
    t.descriptions = {"frame index (row of the channels) of each pressure row",
                      "gait percent of each pressure row"};
    t.columns = {idx, pct};
    h5::write_columns(g, t);
  }
}
}  // namespace

void write_gait_hdf5(const std::string& path, const ColumnTable& t, const GaitResult& res,
                     const std::vector<std::pair<std::string, std::string>>& attributes,
                     const ColumnTable& protocol) {
  h5::write_atomic(path, [&](H5::H5File& file) {
    for (const auto& [k, v] : attributes) h5::attribute(file, k, v);
    H5::Group g = file.createGroup("/gait");
    h5::write_columns(g, t);
    std::vector<Transform> poses;
    for (const GaitFrame& f : res.frames) poses.push_back(f.patella.X_FK);
    h5::write_poses(g, poses);
    write_summary_and_pressure(g, res);
    write_frame_detail(g, res);
    if (!protocol.names.empty()) {
      H5::Group pg = file.createGroup("/protocol");
      h5::attribute(pg, "description",
                    "the treatment protocol's course over days; the gait cycle in /gait is "
                    "simulated at the time given by the scenario's protocol.run_after_last_session");
      h5::write_columns(pg, protocol);
    }
  });
}

void write_comparison(const std::string& h5_path, const std::string& changes_csv,
                      const Comparison& c, const std::vector<const GaitResult*>& results,
                      const std::vector<std::pair<std::string, std::string>>& attributes,
                      const std::vector<std::vector<std::pair<std::string, std::string>>>& per_scenario) {
  // changes CSV first (small), then the HDF5 file
  ColumnTable changes;
  changes.names.push_back("gait_percent");
  changes.units.push_back("%");
  changes.columns.push_back(c.gait_percent);
  for (std::size_t s = 1; s < c.scenarios.size(); ++s)
    for (const AlignedChannel& ch : c.channels) {
      changes.names.push_back(ch.name + "_" + ch.unit + "_" + c.scenarios[s] + "_minus_" + c.scenarios[0]);
      changes.units.push_back(ch.unit);
      std::vector<double> d(c.gait_percent.size());
      for (std::size_t k = 0; k < d.size(); ++k) d[k] = ch.curve[s][k] - ch.curve[0][k];
      changes.columns.push_back(d);
    }
  write_csv(changes_csv, changes);
  h5::write_atomic(h5_path, [&](H5::H5File& file) {
    for (const auto& [k, v] : attributes) h5::attribute(file, k, v);
    H5::Group all = file.createGroup("/scenarios");
    for (std::size_t s = 0; s < results.size(); ++s) {
      H5::Group g = all.createGroup(c.scenarios[s]);
      if (s < per_scenario.size())
        for (const auto& [k, v] : per_scenario[s]) h5::attribute(g, k, v);
      if (s > 0 && s < c.actuation_flags.size()) {
        std::string flags;
        for (const std::string& f : c.actuation_flags[s]) flags += (flags.empty() ? "" : "\n") + f;
        h5::attribute(g, "actuation_flags", flags.empty() ? "none" : flags);
      }
      h5::write_columns(g, make_gait_table(*results[s]));
      std::vector<Transform> poses;
      for (const GaitFrame& f : results[s]->frames) poses.push_back(f.patella.X_FK);
      h5::write_poses(g, poses);
      write_summary_and_pressure(g, *results[s]);
      write_frame_detail(g, *results[s]);
    }
    H5::Group cmp = file.createGroup("/comparison");
    ColumnTable aligned;
    aligned.names.push_back("gait_percent");
    aligned.units.push_back("%");
    aligned.descriptions.push_back("percent of the gait cycle (last simulated cycle of each run)");
    aligned.columns.push_back(c.gait_percent);
    for (const AlignedChannel& ch : c.channels)
      for (std::size_t s = 0; s < c.scenarios.size(); ++s) {
        aligned.names.push_back(ch.name + "_" + ch.unit + "_" + c.scenarios[s]);
        aligned.units.push_back(ch.unit);
        aligned.descriptions.push_back(ch.name + " of " + c.scenarios[s] + ", aligned by gait percent");
        aligned.columns.push_back(ch.curve[s]);
      }
    h5::write_columns(cmp, aligned);
    H5::Group metrics = cmp.createGroup("metrics");
    ColumnTable mt;
    for (const ComparedMetric& m : c.metrics) {
      std::string n = m.name;
      for (char& ch : n)
        if (ch == ' ' || ch == '(' || ch == ')') ch = '_';
      mt.names.push_back(n);
      mt.units.push_back(m.unit);
      mt.descriptions.push_back(m.name + ", one value per scenario in the order of the 'scenarios' attribute");
      mt.columns.push_back(m.value);
    }
    h5::write_columns(metrics, mt);
    std::string list;
    for (const std::string& n : c.scenarios) list += (list.empty() ? "" : ",") + n;
    h5::attribute(cmp, "scenarios", list);
  });
}

}  // namespace patella
