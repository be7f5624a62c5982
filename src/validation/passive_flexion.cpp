// Section A1: passive flexion against the JAM reference (see passive_flexion.hpp).
#include "patella/validation/passive_flexion.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "patella/validation/markdown.hpp"

namespace patella::validation {

double rms_against_reference(const std::vector<SweepRow>& rows, const PassiveReference& ref, int k) {
  double s = 0;
  for (const SweepRow& r : rows) {
    const double d = display_value(k, r.pf[k]) - display_value(k, interp(ref.flexion, ref.pf[k], r.knee_flexion));
    s += d * d;
  }
  return std::sqrt(s / rows.size());
}

double tibia_display(int c, double v) { return c < 2 ? rad_to_deg(v) : 1e3 * v; }

namespace {
double rms_tibia(const std::vector<SweepRow>& rows, const PassiveReference& ref, int c) {
  double s = 0;
  for (const SweepRow& r : rows) {
    const double d = tibia_display(c, r.tf_secondary[c]) - tibia_display(c, interp(ref.flexion, ref.tf[c], r.knee_flexion));
    s += d * d;
  }
  return std::sqrt(s / rows.size());
}
}  // namespace

PassiveFlexion validate_passive_flexion(const Model& model, const Model& model_tf_zero,
                                        const PassiveReference& ref) {
  SweepOptions so;
  for (double d = 0; d <= 90.0 + 1e-9; d += 2.0) so.flexion.push_back(deg_to_rad(d));
  so.loads = passive_tone_loads(model);
  SweepOptions so_ref = so;
  so_ref.customize = [&](double q, KneePose& pose, KneeLoads&) {
    pose.tf_override = true;
    for (int k = 0; k < 5; ++k) pose.tf_secondary[k] = interp(ref.flexion, ref.tf[k], q);
  };
  PassiveFlexion r;
  r.coupled = run_sweep(model, so);
  r.reference_tibia = run_sweep(model, so_ref);
  r.tf_zero = run_sweep(model_tf_zero, so);
  SweepOptions so_solved = so;
  so_solved.solver.solve_tibiofemoral = true;
  so_solved.pose.pelvis_tilt = deg_to_rad(90.0);  // the reference lies supine
  r.tf_solved = run_sweep(model, so_solved);
  for (int c = 0; c < 5; ++c) {
    r.rms_tibia_solved[c] = rms_tibia(r.tf_solved, ref, c);
    r.rms_tibia_coupled[c] = rms_tibia(r.coupled, ref, c);
  }
  for (int k = 0; k < 6; ++k) {
    r.rms_tf_solved[k] = rms_against_reference(r.tf_solved, ref, k);
    r.rms_reference_tibia[k] = rms_against_reference(r.reference_tibia, ref, k);
    r.rms_coupled[k] = rms_against_reference(r.coupled, ref, k);
    r.rms_tf_zero[k] = rms_against_reference(r.tf_zero, ref, k);
  }
  for (const auto* rows : {&r.coupled, &r.reference_tibia, &r.tf_zero, &r.tf_solved})
    for (const SweepRow& row : *rows) r.converged += row.report.converged;
  r.solved = static_cast<int>(4 * r.coupled.size());
  for (std::size_t i = 0; i < r.coupled.size(); ++i)
    r.max_tz_change_mm = std::max(r.max_tz_change_mm, std::abs(r.coupled[i].pf[5] - r.tf_zero[i].pf[5]) * 1e3);
  return r;
}

std::string passive_flexion_markdown(const PassiveFlexion& r) {
  std::ostringstream md;
  md << "## A1. Passive flexion 0-90 deg vs the reference forward simulation (OpenSim JAM)\n\n"
     << "Reference: `reference/passive_flexion_states.sto` (same model, knee flexion prescribed, "
        "everything else free). Ours: quasi-static equilibrium every 2 deg with each quadriceps at "
        "its passive tone (`minimum_activation` 0.01 x F0 from the .osim; the Millard passive "
        "fibre force is not modelled yet), four ways of placing the tibia: the tibia pose of the "
        "reference itself (isolates patellofemoral mechanics), the shipped coupling "
        "(`tf_coupling.csv`, derived from the same file), all secondary tibiofemoral "
        "coordinates zero, and solved (`--tibiofemoral solved`: knee_add, knee_rot, knee_tx/ty/tz "
        "from tibiofemoral contact, the femur-tibia ligaments, the patellar tendon and the "
        "shank's weight, supine as the reference lies, pelvis_tilt 90 deg; the other muscles' "
        "passive forces, which the reference carries, are not applied). " << r.converged << " of " << r.solved << " equilibria converged.\n\n";
  MarkdownTable t{{"coordinate", "RMS diff, reference tibia", "RMS diff, coupling (shipped)",
                   "RMS diff, TF zero", "RMS diff, TF solved", "aim"}, {}};
  for (int k : {5, 2, 0, 1, 3, 4}) {
    const char* aim = k == 5 ? "< 1 mm" : (k == 2 || k == 0) ? "< 3 deg" : "-";
    t.rows.push_back({std::string(kPfNames[k]) + " (" + display_unit(k) + ")",
                      format_fixed(r.rms_reference_tibia[k]), format_fixed(r.rms_coupled[k]),
                      format_fixed(r.rms_tf_zero[k]), format_fixed(r.rms_tf_solved[k]), aim});
  }
  md << to_markdown(t)
     << "\nThe tibia itself, RMS difference from the reference's secondary coordinates (the "
        "coupling is derived from this same file, so its column measures only its smoothing):\n\n";
  MarkdownTable tt{{"coordinate", "RMS diff, coupling", "RMS diff, TF solved"}, {}};
  for (int c = 0; c < 5; ++c)
    tt.rows.push_back({std::string(kTfNames[c]) + (c < 2 ? " (deg)" : " (mm)"),
                       format_fixed(r.rms_tibia_coupled[c]), format_fixed(r.rms_tibia_solved[c])});
  md << to_markdown(tt)
     << "\nThe tibiofemoral choice moves the patella by the differences between the columns: "
        "with the secondary coordinates at zero instead of coupled, pf_tz changes by up to "
     << format_fixed(r.max_tz_change_mm) << " mm over the sweep.\n\n";
  return md.str();
}

Figure passive_flexion_figure(const PassiveFlexion& r, const PassiveReference& ref) {
  Figure fig{"passive_flexion.png", "passive flexion", {}};
  for (int k : {5, 2, 0, 3, 4, 1}) {
    Panel p{kPfNames[k], "knee flexion (deg)", std::string(kPfNames[k]) + " (" + display_unit(k) + ")", {}};
    Series ref_s{"JAM reference", {}, {}, false}, cpl{"patella (coupling)", {}, {}, false},
        zr{"patella (TF zero)", {}, {}, false};
    for (std::size_t i = 0; i < ref.flexion.size(); i += 3) {  // every third row is dense enough
      ref_s.x.push_back(rad_to_deg(ref.flexion[i]));
      ref_s.y.push_back(display_value(k, ref.pf[k][i]));
    }
    for (std::size_t i = 0; i < r.coupled.size(); ++i) {
      cpl.x.push_back(rad_to_deg(r.coupled[i].knee_flexion));
      cpl.y.push_back(display_value(k, r.coupled[i].pf[k]));
      zr.x.push_back(rad_to_deg(r.tf_zero[i].knee_flexion));
      zr.y.push_back(display_value(k, r.tf_zero[i].pf[k]));
    }
    Series sv{"patella (TF solved)", {}, {}, false};
    for (const SweepRow& row : r.tf_solved) {
      sv.x.push_back(rad_to_deg(row.knee_flexion));
      sv.y.push_back(display_value(k, row.pf[k]));
    }
    p.series = {ref_s, cpl, zr, sv};
    fig.panels.push_back(p);
  }
  for (int c = 0; c < 5; ++c) {
    Panel p{kTfNames[c], "knee flexion (deg)", std::string(kTfNames[c]) + (c < 2 ? " (deg)" : " (mm)"), {}};
    Series ref_s{"JAM reference", {}, {}, false}, cpl{"patella (coupling)", {}, {}, false},
        sv{"patella (TF solved)", {}, {}, false};
    for (std::size_t i = 0; i < ref.flexion.size(); i += 3) {
      ref_s.x.push_back(rad_to_deg(ref.flexion[i]));
      ref_s.y.push_back(tibia_display(c, ref.tf[c][i]));
    }
    for (std::size_t i = 0; i < r.coupled.size(); ++i) {
      cpl.x.push_back(rad_to_deg(r.coupled[i].knee_flexion));
      cpl.y.push_back(tibia_display(c, r.coupled[i].tf_secondary[c]));
      sv.x.push_back(rad_to_deg(r.tf_solved[i].knee_flexion));
      sv.y.push_back(tibia_display(c, r.tf_solved[i].tf_secondary[c]));
    }
    p.series = {ref_s, cpl, sv};
    fig.panels.push_back(p);
  }
  return fig;
}

}  // namespace patella::validation
