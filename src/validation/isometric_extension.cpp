// Section A2: isometric extension at 30 deg against the JAM reference (see
// isometric_extension.hpp).
#include "patella/validation/isometric_extension.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "patella/io/table.hpp"
#include "patella/core/error.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/muscle/thelen_curves.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/reference.hpp"

namespace patella::validation {

namespace {

// Millard2012EquilibriumMuscle clamps activation to [minimum_activation, 1] when computing
// force (the reference's activation state dips below zero before the ramp).
double vastus_force(const MuscleSpec& m, double activation, double fiber_length) {
  return thelen_isometric_tendon_force(std::clamp(activation, m.minimum_activation, 1.0),
                                       m.max_isometric_force, fiber_length,
                                       m.optimal_fiber_length, m.pennation_angle_at_optimal);
}

// the .osim muscle `name`, whole: itself, or its first head with the heads' F0 summed
MuscleSpec whole_muscle(const ModelSpec& spec, const std::string& name) {
  if (const MuscleSpec* m = spec.find_muscle(name)) return *m;
  MuscleSpec whole;
  whole.max_isometric_force = 0.0;
  bool found = false;
  for (const MuscleSpec& m : spec.muscles)
    if (m.head_of == name) {
      const double f0 = whole.max_isometric_force + m.max_isometric_force;
      if (!found) whole = m;
      whole.max_isometric_force = f0;
      found = true;
    }
  if (!found) throw ModelError(spec.source_file + ": muscle '" + name + "' is absent");
  return whole;
}

}  // namespace

IsometricExtension validate_isometric_extension(const Model& model, const std::string& ref) {
  const Table st = read_sto(ref + "/isometric_extension_states.sto");
  const Table in = read_sto(ref + "/isometric_extension_muscle_inputs.sto");
  const auto t = st.values("time");
  const auto tin = in.values("time");
  std::array<std::vector<double>, 6> pf;
  for (int k = 0; k < 6; ++k) pf[k] = st.values(std::string(kPfNames[k]) + "_r");
  std::array<std::vector<double>, 5> tf;
  for (int k = 0; k < 5; ++k) tf[k] = st.values(kTfNames[k]);
  const auto knee = st.values("knee_flex_r"), hip = st.values("hip_flex_r");
  // the reference drives vastus medialis by a control (activation is a state), lateralis by a
  // prescribed activation and intermedius by a prescribed force
  const auto vm_act = st.values("/forceset/vasmed_r/activation");
  const auto vm_l = st.values("/forceset/vasmed_r/fiber_length");
  const auto vl_l = st.values("/forceset/vaslat_r/fiber_length");
  const auto vl_act_in = in.values("vaslat_r_activation");
  const auto vi_force_in = in.values("vasint_r_force");
  // the .osim muscles as the reference simulated them (ModelSpec::quadriceps_heads split them
  // into copies with shares of F0; the force law is the muscle's, the F0 the whole muscle's)
  const MuscleSpec vl = whole_muscle(model.spec, "vaslat_r"), vm = whole_muscle(model.spec, "vasmed_r");
  const KneeLoads passive = passive_tone_loads(model);
  EquilibriumWorkspace ws = make_equilibrium_workspace(model);
  PatellaState state, state_cpl;
  bool first = true;
  IsometricExtension result;
  for (std::size_t r = 0; r < t.size(); ++r) {
    // the ramp (t >= 2 s), every 0.05 s
    if (t[r] < 2.0 - 1e-9 || std::fmod(t[r] + 1e-9, 0.05) > 2e-9) continue;
    KneeLoads L = passive;
    // each muscle's force shared by its heads (when the model splits it) in proportion to F0
    const double f_vl = vastus_force(vl, interp(tin, vl_act_in, t[r]), vl_l[r]);
    const double f_vm = vastus_force(vm, vm_act[r], vm_l[r]);
    const int vi = patella_muscle_group(model, "vasint_r").at(0);
    const double f_vi = std::max(passive.quadriceps[vi], interp(tin, vi_force_in, t[r]));
    set_muscle_force(model, L.quadriceps, "vaslat_r", f_vl);
    set_muscle_force(model, L.quadriceps, "vasmed_r", f_vm);
    set_muscle_force(model, L.quadriceps, "vasint_r", f_vi);
    KneePose pose{knee[r], hip[r]};
    KneePose pose_ref = pose;
    pose_ref.tf_override = true;
    for (int k = 0; k < 5; ++k) pose_ref.tf_secondary[k] = tf[k][r];
    if (first) {  // reach 30 deg by continuation
      SweepOptions s0;
      s0.flexion = {knee[r]};
      s0.pose = pose;
      s0.loads = L;
      state = run_sweep(model, s0)[0].state;
      state_cpl = state;
      first = false;
    }
    const EquilibriumReport rep = solve_equilibrium(model, compute_knee_frames(model, pose_ref), L, {}, ws, state);
    const double contact = ws.forces.contact.force.norm();
    const EquilibriumReport rep2 = solve_equilibrium(model, compute_knee_frames(model, pose), L, {}, ws, state_cpl);
    std::array<double, 6> q0{}, refv{};
    for (int k = 0; k < 6; ++k) { q0[k] = model.pf_default[k]; refv[k] = pf[k][r]; }
    result.samples.push_back({t[r], f_vl + f_vm + f_vi,
                              pf_coordinates(model, state.X_FK, q0),
                              pf_coordinates(model, state_cpl.X_FK, q0), refv, contact,
                              rep.converged && rep2.converged});
  }
  double s_tz = 0, s_ty = 0, s_fl = 0, s_ti = 0;
  for (const IsometricSample& s : result.samples) {
    s_tz += std::pow(display_value(5, s.ours[5] - s.reference[5]), 2);
    s_ty += std::pow(display_value(4, s.ours[4] - s.reference[4]), 2);
    s_fl += std::pow(display_value(0, s.ours[0] - s.reference[0]), 2);
    s_ti += std::pow(display_value(2, s.ours[2] - s.reference[2]), 2);
  }
  const double n = result.samples.size();
  result.rms_tz_mm = std::sqrt(s_tz / n);
  result.rms_ty_mm = std::sqrt(s_ty / n);
  result.rms_flex_deg = std::sqrt(s_fl / n);
  result.rms_tilt_deg = std::sqrt(s_ti / n);
  return result;
}

std::string isometric_extension_markdown(const IsometricExtension& r) {
  std::ostringstream md;
  md << "## A2. Isometric knee extension at 30 deg vs the reference forward simulation\n\n"
     << "Reference: `reference/isometric_extension_states.sto`: hip and knee at 30 deg, then "
        "vastus medialis (control), lateralis (activation) ramped to 0.75 and intermedius (force) "
        "to 500 N between t = 2 and 3 s. Ours: quasi-static equilibrium every 0.05 s with the "
        "same vasti forces (intermedius: the prescribed force; the other two: the reference's "
        "activations and fibre lengths through Thelen 2003 force-length curves, where the "
        "reference uses Millard 2012 curves), with the tibia placed as in the reference (left) "
        "or by the passive coupling (right). The reference states file has no contact force, so "
        "ours is shown alone.\n\n";
  // "ours / coupled / ref" of pf coordinate k
  auto triple = [](const IsometricSample& s, int k) {
    return format_fixed(display_value(k, s.ours[k])) + " / " + format_fixed(display_value(k, s.coupled[k])) +
           " / " + format_fixed(display_value(k, s.reference[k]));
  };
  MarkdownTable t{{"t (s)", "vasti force (N)", "pf_tz ours / coupled / ref (mm)",
                   "pf_ty ours / coupled / ref (mm)", "pf_flex ours / coupled / ref (deg)",
                   "pf_tilt ours / coupled / ref (deg)", "contact force ours (N)", "converged"}, {}};
  for (const IsometricSample& s : r.samples)
    if (std::fmod(s.time + 1e-9, 0.2) < 2e-3 || s.time > 2.999)  // every 0.2 s and the end
      t.rows.push_back({format_fixed(s.time), format_fixed(s.vasti_force, 0), triple(s, 5), triple(s, 4),
                        triple(s, 0), triple(s, 2), format_fixed(s.contact_force, 0), s.converged ? "yes" : "NO"});
  md << to_markdown(t) << "\nRMS differences over the ramp (reference tibia pose): pf_tz "
     << format_fixed(r.rms_tz_mm) << " mm, pf_ty " << format_fixed(r.rms_ty_mm) << " mm, pf_flex "
     << format_fixed(r.rms_flex_deg) << " deg, pf_tilt " << format_fixed(r.rms_tilt_deg) << " deg.\n\n";
  return md.str();
}

Figure isometric_extension_figure(const IsometricExtension& r) {
  Figure fig{"isometric_extension.png", "isometric extension", {}};
  for (int k : {5, 4, 0, 2}) {
    Panel p{kPfNames[k], "time (s)", std::string(kPfNames[k]) + " (" + display_unit(k) + ")", {}};
    Series a{"JAM reference", {}, {}, false}, b{"patella (reference tibia)", {}, {}, false},
        c{"patella (coupling)", {}, {}, false};
    for (const IsometricSample& s : r.samples) {
      a.x.push_back(s.time); a.y.push_back(display_value(k, s.reference[k]));
      b.x.push_back(s.time); b.y.push_back(display_value(k, s.ours[k]));
      c.x.push_back(s.time); c.y.push_back(display_value(k, s.coupled[k]));
    }
    p.series = {a, b, c};
    fig.panels.push_back(p);
  }
  Panel pc{"contact force (ours)", "time (s)", "PF contact force (N)", {}};
  Series cs{"patella (reference tibia)", {}, {}, false};
  for (const IsometricSample& s : r.samples) { cs.x.push_back(s.time); cs.y.push_back(s.contact_force); }
  pc.series = {cs};
  fig.panels.push_back(pc);
  return fig;
}

}  // namespace patella::validation
