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
#include "patella/mechanics/tibiofemoral.hpp"
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
  PatellaState state, state_cpl, state_tf;
  std::array<double, 5> tf_prev{};  // the tibia solved at the last sample (warm start)
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
      s0.solver.solve_tibiofemoral = true;
      const SweepRow row = run_sweep(model, s0)[0];
      state_tf = row.state;
      tf_prev = row.tf_secondary;
      first = false;
    }
    const EquilibriumReport rep = solve_equilibrium(model, compute_knee_frames(model, pose_ref), L, {}, ws, state);
    const double contact = ws.forces.contact.force.norm();
    const EquilibriumReport rep2 = solve_equilibrium(model, compute_knee_frames(model, pose), L, {}, ws, state_cpl);
    const std::array<double, 5> tibia_cpl = compute_knee_frames(model, pose).tf_secondary;
    // the tibia solved, from the last sample's
    KneePose pose_tf = pose;
    pose_tf.tf_override = true;
    pose_tf.tf_secondary = tf_prev;
    KneeFrames fr_tf = compute_knee_frames(model, pose_tf);
    KneeLoads L_tf = L;
    add_tibia_gravity(model, fr_tf, L_tf);
    SolverOptions so_tf;
    so_tf.solve_tibiofemoral = true;
    const EquilibriumReport rep3 = solve_equilibrium(model, fr_tf, L_tf, so_tf, ws, state_tf);
    tf_prev = fr_tf.tf_secondary;
    std::array<double, 6> q0{}, refv{};
    for (int k = 0; k < 6; ++k) { q0[k] = model.pf_default[k]; refv[k] = pf[k][r]; }
    IsometricSample sample{t[r], f_vl + f_vm + f_vi,
                           pf_coordinates(model, state.X_FK, q0),
                           pf_coordinates(model, state_cpl.X_FK, q0), refv, contact,
                           rep.converged && rep2.converged && rep3.converged};
    sample.tf_solved = pf_coordinates(model, state_tf.X_FK, q0);
    sample.tibia_solved = fr_tf.tf_secondary;
    sample.tibia_coupled = tibia_cpl;
    for (int k = 0; k < 5; ++k) sample.tibia_reference[k] = tf[k][r];
    sample.tf_contact_force = ws.tibia.contact.force.norm();
    result.samples.push_back(sample);
  }
  double s_tz = 0, s_ty = 0, s_fl = 0, s_ti = 0;
  double v_tz = 0, v_ty = 0, v_fl = 0, v_ti = 0;
  std::array<double, 5> s_tib{}, s_cpl{};
  auto tib = [](int c, double v) { return c < 2 ? rad_to_deg(v) : 1e3 * v; };
  for (const IsometricSample& s : result.samples) {
    v_tz += std::pow(display_value(5, s.tf_solved[5] - s.reference[5]), 2);
    v_ty += std::pow(display_value(4, s.tf_solved[4] - s.reference[4]), 2);
    v_fl += std::pow(display_value(0, s.tf_solved[0] - s.reference[0]), 2);
    v_ti += std::pow(display_value(2, s.tf_solved[2] - s.reference[2]), 2);
    for (int c = 0; c < 5; ++c) {
      s_tib[c] += std::pow(tib(c, s.tibia_solved[c] - s.tibia_reference[c]), 2);
      s_cpl[c] += std::pow(tib(c, s.tibia_coupled[c] - s.tibia_reference[c]), 2);
    }
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
  result.rms_tz_mm_tf_solved = std::sqrt(v_tz / n);
  result.rms_ty_mm_tf_solved = std::sqrt(v_ty / n);
  result.rms_flex_deg_tf_solved = std::sqrt(v_fl / n);
  result.rms_tilt_deg_tf_solved = std::sqrt(v_ti / n);
  for (int c = 0; c < 5; ++c) {
    result.rms_tibia_solved[c] = std::sqrt(s_tib[c] / n);
    result.rms_tibia_coupled[c] = std::sqrt(s_cpl[c] / n);
  }
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
  md << "With the tibia solved (`--tibiofemoral solved`: the tibia's five secondary coordinates "
        "from tibiofemoral contact, the femur-tibia ligaments, the patellar tendon and the shank's "
        "weight, upright as the reference stands; hamstrings and gastrocnemius passive forces, "
        "which the reference carries, not applied), the tibia and patella against the reference:\n\n";
  auto tib = [](int c, double v) { return format_fixed(c < 2 ? rad_to_deg(v) : 1e3 * v); };
  MarkdownTable tt{{"t (s)", "knee_tx solved / coupled / ref (mm)", "knee_ty solved / coupled / ref (mm)",
                    "knee_rot solved / coupled / ref (deg)", "knee_add solved / coupled / ref (deg)",
                    "pf_tz solved / ref (mm)", "TF contact force (N)"}, {}};
  for (const IsometricSample& s : r.samples)
    if (std::fmod(s.time + 1e-9, 0.2) < 2e-3 || s.time > 2.999) {
      std::vector<std::string> row{format_fixed(s.time)};
      for (int c : {2, 3, 1, 0})
        row.push_back(tib(c, s.tibia_solved[c]) + " / " + tib(c, s.tibia_coupled[c]) + " / " + tib(c, s.tibia_reference[c]));
      row.push_back(format_fixed(display_value(5, s.tf_solved[5])) + " / " + format_fixed(display_value(5, s.reference[5])));
      row.push_back(format_fixed(s.tf_contact_force, 0));
      tt.rows.push_back(row);
    }
  md << to_markdown(tt) << "\nRMS differences over the ramp, tibia solved: pf_tz "
     << format_fixed(r.rms_tz_mm_tf_solved) << " mm, pf_ty " << format_fixed(r.rms_ty_mm_tf_solved)
     << " mm, pf_flex " << format_fixed(r.rms_flex_deg_tf_solved) << " deg, pf_tilt "
     << format_fixed(r.rms_tilt_deg_tf_solved) << " deg. The tibial coordinates' RMS from the "
        "reference, solved (coupled): ";
  for (int c = 0; c < 5; ++c)
    md << kTfNames[c] << " " << format_fixed(r.rms_tibia_solved[c]) << " ("
       << format_fixed(r.rms_tibia_coupled[c]) << ") " << (c < 2 ? "deg" : "mm") << (c < 4 ? ", " : ".\n\n");
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
    Series d{"patella (TF solved)", {}, {}, false};
    for (const IsometricSample& s : r.samples) { d.x.push_back(s.time); d.y.push_back(display_value(k, s.tf_solved[k])); }
    p.series = {a, b, c, d};
    fig.panels.push_back(p);
  }
  for (int c : {2, 3, 1, 0}) {
    const std::string unit = c < 2 ? "deg" : "mm";
    Panel p{kTfNames[c], "time (s)", std::string(kTfNames[c]) + " (" + unit + ")", {}};
    Series a{"JAM reference", {}, {}, false}, b{"patella (coupling)", {}, {}, false},
        d{"patella (TF solved)", {}, {}, false};
    auto v = [&](double x) { return c < 2 ? rad_to_deg(x) : 1e3 * x; };
    for (const IsometricSample& s : r.samples) {
      a.x.push_back(s.time); a.y.push_back(v(s.tibia_reference[c]));
      b.x.push_back(s.time); b.y.push_back(v(s.tibia_coupled[c]));
      d.x.push_back(s.time); d.y.push_back(v(s.tibia_solved[c]));
    }
    p.series = {a, b, d};
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
