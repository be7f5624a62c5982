// Section C: directions (see directions.hpp).
#include "patella/validation/directions.hpp"

#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/reference.hpp"

namespace patella::validation {

namespace {

// one equilibrium at `deg` knee flexion, `quadriceps` N (PCSA split), after `edit`
template <class Edit>
SweepRow solve_at(const Model& model, double deg, Edit edit, double quadriceps = 500.0) {
  SweepOptions s;
  s.flexion.push_back(deg_to_rad(deg));
  s.loads = pcsa_loads(model, quadriceps);
  edit(s);
  return run_sweep(model, s)[0];
}

}  // namespace

Directions validate_directions(const Model& model) {
  Directions d;
  const double pushes[4] = {0.0, 20.0, 40.0, 80.0};
  for (int i = 0; i < 4; ++i)
    d.push_shift_mm[i] = solve_at(model, 30, [&](SweepOptions& s) { s.loads.push_lateral = pushes[i]; }).pf[5] * 1e3;
  const auto& tz = d.push_shift_mm;
  d.push_holds = tz[1] > tz[0] + 1e-3 && tz[2] > tz[1] + 1e-3 && tz[3] > tz[2] + 1e-3;
  // the thresholds are the tests' (directions_test.cpp): 1 um, 1e-4 rad, 0.001 of load share
  for (const char* muscle : {"vmo_r", "vasmed_r"}) {
    if (patella_muscle_group(model, muscle).empty()) continue;
    for (double deg : {0.0, 15.0, 30.0}) {
      const SweepRow base = solve_at(model, deg, [](SweepOptions&) {}, 175.0);
      const SweepRow off = solve_at(model, deg, [&](SweepOptions& s) {
        set_muscle_force(model, s.loads.quadriceps, muscle, 0.0); }, 175.0);
      const double dtz = (off.pf[5] - base.pf[5]) * 1e3;
      const double dtilt = rad_to_deg(lateral_tilt_from_pf(off.pf.data()) - lateral_tilt_from_pf(base.pf.data()));
      const double dlat = off.contact.lateral_fraction - base.contact.lateral_fraction;
      d.vastus_medialis.push_back({muscle, deg, dtz, dtilt, dlat,
                                   dtz > 1e-3 && dtilt > rad_to_deg(1e-4) && dlat > 1e-3});
    }
  }
  for (double deg : {30.0, 45.0, 60.0, 90.0}) {
    const SweepRow i0 = solve_at(model, deg, [](SweepOptions& s) { s.stability_shift = 10e-3; }, 175.0);
    const SweepRow i9 = solve_at(model, deg, [](SweepOptions& s) { s.stability_shift = 10e-3; s.loads.itb_tension = 90; }, 175.0);
    d.itb.push_back({deg, i0.lateral_stability, i9.lateral_stability, i0.medial_stability, i9.medial_stability,
                     i9.lateral_stability < i0.lateral_stability - 0.1, i9.medial_stability > i0.medial_stability + 0.1});
  }
  for (double deg : {20.0, 40.0, 60.0}) {
    const double b = solve_at(model, deg, [](SweepOptions&) {}).pf[5];
    const double ql = solve_at(model, deg, [](SweepOptions& s) { s.loads.quadriceps_line_rotation = deg_to_rad(10); }).pf[5];
    const double fr = solve_at(model, deg, [](SweepOptions& s) { s.pose.knee_rotation_offset = -deg_to_rad(10); }).pf[5];
    d.q_angle.push_back({deg, (ql - b) * 1e3, (fr - b) * 1e3, ql > b + 1e-6 && fr > b + 1e-6});
  }
  return d;
}

std::string directions_markdown(const Directions& d, bool step_rate_holds) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  auto holds = [](bool h) { return h ? "yes" : "NO"; };
  MarkdownTable t{{"check", "measured", "expected", "holds"}, {}};
  const auto& tz = d.push_shift_mm;
  t.rows.push_back({"lateral push 0/20/40/80 N at 30 deg",
                    "pf_tz " + f(tz[0]) + " / " + f(tz[1]) + " / " + f(tz[2]) + " / " + f(tz[3]) + " mm",
                    "rises with the push", holds(d.push_holds)});
  for (const auto& v : d.vastus_medialis)
    t.rows.push_back({std::string(v.muscle == "vmo_r" ? "VMO" : "whole vastus medialis") +
                          " unloaded, 175 N, " + format_plain(v.knee_deg) + " deg",
                      "shift " + f(v.shift_mm) + " mm, lateral tilt " + f(v.lateral_tilt_deg) +
                          " deg, lateral facet share " + f(v.lateral_share, 3),
                      "all > 0", holds(v.holds)});
  for (const auto& i : d.itb)
    t.rows.push_back({"ITB 0 vs 90 N, push for 10 mm, 175 N, " + format_plain(i.knee_deg) + " deg",
                      "lateral " + f(i.lateral_0, 1) + " -> " + f(i.lateral_90, 1) + " N, medial " +
                          f(i.medial_0, 1) + " -> " + f(i.medial_90, 1) + " N",
                      "lateral falls, medial rises",
                      std::string("lateral ") + holds(i.lateral_holds) + ", medial " + holds(i.medial_holds)});
  for (const auto& q : d.q_angle)
    t.rows.push_back({"Q angle +10 deg (quadriceps line) / femur 10 deg internally rotated, " +
                          format_plain(q.knee_deg) + " deg",
                      "shift " + f(q.quadriceps_line_shift_mm) + " / " + f(q.femur_rotation_shift_mm) + " mm",
                      "> 0 (Mizuno 2001)", holds(q.holds)});
  t.rows.push_back({"higher step rate lowers peak knee flexion, knee extension moment and PF force", "see D2 below", "lower",
                    holds(step_rate_holds)});
  t.rows.push_back({"symmetric synthetic knee, symmetric load", "tested in `directions_test.cpp`",
                    "no shift, no tilt", "see tests"});
  std::ostringstream md;
  md << "## C. Directions (VALIDATION.md section C)\n\n"
     << "Each is also a test in `tests/mechanics/directions_test.cpp` or "
        "`tests/mechanics/equilibrium_test.cpp`. Loads: 500 N quadriceps, PCSA split, unless "
        "stated.\n\n"
     << to_markdown(t) << "\n";
  return md.str();
}

}  // namespace patella::validation
