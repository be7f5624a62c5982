// Section A3: the in vivo dynamic MRI of this knee (see dynamic_mri.hpp).
#include "patella/validation/dynamic_mri.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "patella/io/table.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

DynamicMri validate_dynamic_mri(const Model& model, const std::string& mri_file,
                                const PassiveReference& ref) {
  const Table mri = read_sto(mri_file);
  // the 4x4 pose of a body in ground, columns <body>_T11 .. <body>_T34
  auto pose_of = [&](const std::string& body, std::size_t r) {
    Transform X;
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j)
        X.R(i, j) = mri.rows[r][mri.column(body + "_T" + std::to_string(i + 1) + std::to_string(j + 1))];
      X.p[i] = mri.rows[r][mri.column(body + "_T" + std::to_string(i + 1) + "4")];
    }
    return X;
  };
  const KneeNames& names = model.names;
  // each frame's coordinates start from the previous frame's (Newton needs a near guess)
  std::vector<double> q_knee(6, 0.0), q_pf(model.pf_default);
  DynamicMri result;
  for (std::size_t r = 0; r < mri.rows.size(); ++r) {
    const Transform X_GF = pose_of(names.femur, r);
    const Transform X_FT = X_GF.inverse() * pose_of(names.tibia, r);
    const Transform X_FK = X_GF.inverse() * pose_of(names.patella, r);
    q_knee = joint_coordinates(model.tree.joints[model.knee_joint], X_FT, q_knee, model.tree.default_q);
    q_pf = joint_coordinates(model.tree.joints[model.pf_joint], X_FK, q_pf, model.tree.default_q);
    MriFrame m{q_knee[0], {}, {}, {}};
    for (int k = 0; k < 6; ++k) m.mri[k] = q_pf[k];
    for (int c = 0; c < 5; ++c) m.tibia_mri[c] = q_knee[c + 1];
    result.frames.push_back(m);
  }
  std::vector<MriFrame>& ms = result.frames;
  std::sort(ms.begin(), ms.end(), [](const MriFrame& x, const MriFrame& y) { return x.flexion < y.flexion; });
  SweepOptions sm;
  for (const MriFrame& m : ms) sm.flexion.push_back(std::max(0.0, m.flexion));
  sm.loads = passive_tone_loads(model);
  const auto rows = run_sweep(model, sm);
  // the tibia solved, supine as in the scanner (and the reference simulation)
  SweepOptions ss = sm;
  ss.solver.solve_tibiofemoral = true;
  ss.pose.pelvis_tilt = deg_to_rad(90.0);
  const auto rows_tf = run_sweep(model, ss);
  std::array<double, 6> s_ours{}, s_jam{}, s_tf{};
  std::array<double, 5> t_cpl{}, t_tf{}, t_jam{};
  auto tib = [](int c, double v) { return c < 2 ? rad_to_deg(v) : 1e3 * v; };
  for (std::size_t i = 0; i < ms.size(); ++i) {
    for (int c = 0; c < 5; ++c) {
      ms[i].tibia_coupled[c] = rows[i].tf_secondary[c];
      ms[i].tibia_solved[c] = rows_tf[i].tf_secondary[c];
      ms[i].tibia_jam[c] = interp(ref.flexion, ref.tf[c], ms[i].flexion);
      t_cpl[c] += std::pow(tib(c, ms[i].tibia_coupled[c] - ms[i].tibia_mri[c]), 2);
      t_tf[c] += std::pow(tib(c, ms[i].tibia_solved[c] - ms[i].tibia_mri[c]), 2);
      t_jam[c] += std::pow(tib(c, ms[i].tibia_jam[c] - ms[i].tibia_mri[c]), 2);
    }
    for (int k = 0; k < 6; ++k) {
      ms[i].ours_tf_solved[k] = rows_tf[i].pf[k];
      s_tf[k] += std::pow(display_value(k, ms[i].ours_tf_solved[k] - ms[i].mri[k]), 2);
    }
  }
  for (int c = 0; c < 5; ++c) {
    result.rms_tibia_coupled[c] = std::sqrt(t_cpl[c] / ms.size());
    result.rms_tibia_solved[c] = std::sqrt(t_tf[c] / ms.size());
    result.rms_tibia_jam[c] = std::sqrt(t_jam[c] / ms.size());
  }
  for (int k = 0; k < 6; ++k) result.rms_tf_solved[k] = std::sqrt(s_tf[k] / ms.size());
  for (std::size_t i = 0; i < ms.size(); ++i)
    for (int k = 0; k < 6; ++k) {
      ms[i].ours[k] = rows[i].pf[k];
      ms[i].jam[k] = interp(ref.flexion, ref.pf[k], ms[i].flexion);
      s_ours[k] += std::pow(display_value(k, ms[i].ours[k] - ms[i].mri[k]), 2);
      s_jam[k] += std::pow(display_value(k, ms[i].jam[k] - ms[i].mri[k]), 2);
    }
  for (int k = 0; k < 6; ++k) {
    result.rms_ours[k] = std::sqrt(s_ours[k] / ms.size());
    result.rms_jam[k] = std::sqrt(s_jam[k] / ms.size());
  }
  return result;
}

std::string dynamic_mri_markdown(const DynamicMri& r) {
  std::ostringstream md;
  md << "## A3. In vivo dynamic MRI of this knee (passive flexion-extension)\n\n"
     << "Data: `reference/dynamic_mri_passive_body_transformations.sto`, " << r.frames.size()
     << " frames, knee flexion " << format_fixed(rad_to_deg(r.frames.front().flexion), 1) << " to "
     << format_fixed(rad_to_deg(r.frames.back().flexion), 1) << " deg (from the tibia pose through the knee_r joint). "
        "Ours: the passive-tone sweep with the shipped coupling at the same flexion angles. The "
        "JAM reference simulation is compared too (Lenhart et al. 2015 report errors of a few mm "
        "and degrees for their model).\n\n";
  MarkdownTable t{{"coordinate", "RMS diff ours vs MRI", "RMS diff ours (TF solved) vs MRI",
                   "RMS diff JAM reference vs MRI"}, {}};
  for (int k : {5, 2, 0, 1, 3, 4})
    t.rows.push_back({std::string(kPfNames[k]) + " (" + display_unit(k) + ")",
                      format_fixed(r.rms_ours[k]), format_fixed(r.rms_tf_solved[k]), format_fixed(r.rms_jam[k])});
  md << to_markdown(t)
     << "\nThe tibia's pose in the femur, measured, against ours coupled and solved (supine, the "
        "shank's weight posterior, as in the scanner) and the JAM reference, RMS difference:\n\n";
  MarkdownTable tt{{"coordinate", "RMS coupled vs MRI", "RMS TF solved vs MRI", "RMS JAM reference vs MRI"}, {}};
  for (int c = 0; c < 5; ++c)
    tt.rows.push_back({std::string(kTfNames[c]) + (c < 2 ? " (deg)" : " (mm)"), format_fixed(r.rms_tibia_coupled[c]),
                       format_fixed(r.rms_tibia_solved[c]), format_fixed(r.rms_tibia_jam[c])});
  md << to_markdown(tt) << "\n";
  return md.str();
}

Figure dynamic_mri_figure(const DynamicMri& r) {
  Figure fig{"dynamic_mri.png", "dynamic MRI", {}};
  for (int k : {5, 2, 0, 3, 4, 1}) {
    Panel p{kPfNames[k], "knee flexion (deg)", std::string(kPfNames[k]) + " (" + display_unit(k) + ")", {}};
    Series a{"dynamic MRI", {}, {}, true}, b{"patella", {}, {}, false}, c{"JAM reference", {}, {}, false};
    for (const MriFrame& m : r.frames) {
      a.x.push_back(rad_to_deg(m.flexion)); a.y.push_back(display_value(k, m.mri[k]));
      b.x.push_back(rad_to_deg(m.flexion)); b.y.push_back(display_value(k, m.ours[k]));
      c.x.push_back(rad_to_deg(m.flexion)); c.y.push_back(display_value(k, m.jam[k]));
    }
    p.series = {a, b, c};
    fig.panels.push_back(p);
  }
  return fig;
}

}  // namespace patella::validation
