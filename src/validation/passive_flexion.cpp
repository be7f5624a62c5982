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
  for (int k = 0; k < 6; ++k) {
    r.rms_reference_tibia[k] = rms_against_reference(r.reference_tibia, ref, k);
    r.rms_coupled[k] = rms_against_reference(r.coupled, ref, k);
    r.rms_tf_zero[k] = rms_against_reference(r.tf_zero, ref, k);
  }
  for (const auto* rows : {&r.coupled, &r.reference_tibia, &r.tf_zero})
    for (const SweepRow& row : *rows) r.converged += row.report.converged;
  r.solved = static_cast<int>(3 * r.coupled.size());
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
        "fibre force is not modelled yet), three ways of placing the tibia: the tibia pose of the "
        "reference itself (isolates patellofemoral mechanics), the shipped coupling "
        "(`tf_coupling.csv`, derived from the same file), and all secondary tibiofemoral "
        "coordinates zero. " << r.converged << " of " << r.solved << " equilibria converged.\n\n";
  MarkdownTable t{{"coordinate", "RMS diff, reference tibia", "RMS diff, coupling (shipped)",
                   "RMS diff, TF zero", "aim"}, {}};
  for (int k : {5, 2, 0, 1, 3, 4}) {
    const char* aim = k == 5 ? "< 1 mm" : (k == 2 || k == 0) ? "< 3 deg" : "-";
    t.rows.push_back({std::string(kPfNames[k]) + " (" + display_unit(k) + ")",
                      format_fixed(r.rms_reference_tibia[k]), format_fixed(r.rms_coupled[k]),
                      format_fixed(r.rms_tf_zero[k]), aim});
  }
  md << to_markdown(t)
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
    p.series = {ref_s, cpl, zr};
    fig.panels.push_back(p);
  }
  return fig;
}

}  // namespace patella::validation
