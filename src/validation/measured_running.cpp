// Section D0: the measured runs against the subject's own inverse dynamics (see
// measured_running.hpp).
#include "patella/validation/measured_running.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/gait/actuation.hpp"
#include "patella/gait/inverse_dynamics.hpp"
#include "patella/io/table.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

namespace {

// the subject's moment at time t (linear interpolation in his .sto)
double at(const Table& t, std::size_t col, double time) {
  const std::size_t tc = t.column("time");
  for (std::size_t r = 1; r < t.rows.size(); ++r)
    if (t.rows[r][tc] >= time) {
      const double t0 = t.rows[r - 1][tc], t1 = t.rows[r][tc];
      const double w = t1 > t0 ? (time - t0) / (t1 - t0) : 0.0;
      return (1 - w) * t.rows[r - 1][col] + w * t.rows[r][col];
    }
  return t.rows.back()[col];
}

MeasuredRun measure(const std::string& file, double speed, const std::string& id_file,
                    const ProgressMessage& progress) {
  GaitRun g = run_gait_scenario(file, -1, ActivationStepper::Dopri5, progress);
  const GaitResult& r = g.result;
  const GaitInput& in = g.setup->input;
  const Model& model = *g.setup->model;
  const Table id = read_sto(id_file);
  const std::size_t knee_col = id.column("knee_angle_r_moment"), hip_col = id.column("hip_adduction_r_moment");
  MeasuredRun m;
  m.scenario = file.substr(file.find_last_of('/') + 1);
  m.speed = speed;
  m.body_mass = r.body_mass;
  m.stance_percent = r.stance_percent;
  const double bw = body_weight(r);
  int knee_frame = -1;
  for (std::size_t k = 0; k < r.frames.size(); ++k) {
    const GaitFrame& f = r.frames[k];
    m.converged = m.converged && f.report.converged;
    if (f.gait_percent > r.stance_percent) continue;
    const double t = f.time + in.t_start;
    // extension and abduction positive: lenhart2015's knee_flex and hip_add moments negated;
    // gait2392's knee_angle_r moment is extension-positive already, its hip_adduction_r not
    const double knee = -f.tau_id[3], knee_s = at(id, knee_col, t);
    const double hip = -f.tau_id[1], hip_s = -at(id, hip_col, t);
    m.stance_pct.push_back(100.0 * f.gait_percent / r.stance_percent);
    m.knee_model.push_back(knee);
    m.knee_subject.push_back(knee_s);
    m.hip_model.push_back(hip);
    m.hip_subject.push_back(hip_s);
    m.pf_bw.push_back(f.contact.force.norm() / bw);
    if (knee > m.knee_extension) {
      m.knee_extension = knee;
      knee_frame = int(k);
    }
    m.knee_extension_subject = std::max(m.knee_extension_subject, knee_s);
    if (hip > m.hip_abduction) {
      m.hip_abduction = hip;
      m.hip_abduction_at = m.stance_pct.back();
    }
    if (hip_s > m.hip_abduction_subject) {
      m.hip_abduction_subject = hip_s;
      m.hip_abduction_subject_at = m.stance_pct.back();
    }
  }
  if (knee_frame >= 0) {
    const GaitFrame& f = r.frames[knee_frame];
    m.knee_extension_hinge =
        -inverse_dynamics(model.leg, in, model.foot, f.time + in.t_start, f.patella.X_FK, true)[3];
  }
  const GaitPeak pf = peak_of(r, [bw](const GaitFrame& f) { return f.contact.force.norm() / bw; }, r.stance_percent);
  if (pf.frame >= 0) {
    const GaitFrame& f = r.frames[pf.frame];
    m.pf_peak_bw = pf.value;
    m.pf_peak_percent = pf.percent;
    m.pf_peak_knee_deg = rad_to_deg(f.q[kKneeFlex]);
    m.mean_pressure = f.contact.mean_pressure * 1e-6;
    m.peak_pressure = f.contact.peak_pressure * 1e-6;
    m.contact_area = f.contact.area * 1e6;
    double quads = 0;
    for (int q : r.quadriceps) quads += f.force[q];
    m.quadriceps_bw = quads / bw;
    m.quadriceps_arm_mm = -f.quadriceps_arm * 1e3;
  }
  const ActuationCheck c = check_actuation(r).back();
  for (int j = 0; j < 5; ++j) m.reserve_share[j] = c.joints[j].share();
  for (const SaturatedMuscle& s : c.saturated)
    m.saturated.push_back(s.muscle + " (" + std::to_string(s.frames) + ")");
  return m;
}

std::string pct_diff(double ours, double theirs) {
  return (ours - theirs >= 0 ? "+" : "") + format_fixed(100.0 * (ours - theirs) / theirs, 1) + " %";
}

}  // namespace

MeasuredRunning validate_measured_running(const std::string& dir, const ProgressMessage& progress) {
  MeasuredRunning out;
  const std::string data = dir + "/../models/running/hamner2013_subject01/";
  for (int s : {2, 3, 4, 5})
    out.runs.push_back(measure(dir + "/measured_run_" + std::to_string(s) + "ms.yaml", s,
                               data + "run" + std::to_string(s) + "00_id.sto", progress));
  Figure& f = out.figure;
  f.file = "measured_running_moments.png";
  f.alt = "Knee extension and hip abduction moments over stance at 3 m/s, the model against the "
          "subject's own inverse dynamics, and the PF force over stance at 2-5 m/s";
  const MeasuredRun& r3 = out.runs[1];
  f.panels.push_back({"knee extension moment, 3 m/s", "stance [%]", "N m",
                      {{"model", r3.stance_pct, r3.knee_model}, {"subject's ID", r3.stance_pct, r3.knee_subject, true}}});
  f.panels.push_back({"hip abduction moment, 3 m/s", "stance [%]", "N m",
                      {{"model", r3.stance_pct, r3.hip_model}, {"subject's ID", r3.stance_pct, r3.hip_subject, true}}});
  Panel pf{"PF contact force", "stance [%]", "BW", {}};
  for (const MeasuredRun& r : out.runs)
    pf.series.push_back({format_plain(r.speed) + " m/s", r.stance_pct, r.pf_bw});
  f.panels.push_back(pf);
  return out;
}

std::string measured_running_markdown(const MeasuredRunning& m, const std::string& links) {
  std::ostringstream md;
  auto f = [](double v, int d = 1) { return format_fixed(v, d); };
  md << "### D0. Measured running: Hamner & Delp's subject01 at 2-5 m/s\n\n"
     << "`scenarios/measured_run_*ms.yaml`: the subject's measured joint angles, ground reaction, "
        "centre of pressure and free moment (AddBiomechanics, "
        "`models/running/hamner2013_subject01/SOURCES.md`), the model scaled to him "
        "(`gait.subject`: 72.94 kg, femur x1.198, tibia x1.145, foot x1.12; the knee keeps its MRI "
        "size) and its muscles at Rajagopal et al. 2016's maximum isometric forces (`strength:`). "
        "Moments are stance peaks against the same subject's own inverse dynamics "
        "(`run*_id.sto`); the target is 5 %. The knee moment is the coupled knee's (its "
        "tibiofemoral translations follow flexion and do work along the ground reaction); "
        "\"hinge only\" is the same moment with the coupled coordinates held (their share is the "
        "difference).\n\n";
  MarkdownTable t{{"speed [m/s]", "stance [%]", "knee extension, model / subject [N m]", "difference",
                   "of it, coupled coordinates [N m]", "hip abduction, model / subject [N m]", "difference",
                   "hip peak at, model / subject [% stance]"}, {}};
  for (const MeasuredRun& r : m.runs)
    t.rows.push_back({format_plain(r.speed), f(r.stance_percent),
                      f(r.knee_extension) + " / " + f(r.knee_extension_subject),
                      pct_diff(r.knee_extension, r.knee_extension_subject),
                      f(r.knee_extension - r.knee_extension_hinge),
                      f(r.hip_abduction) + " / " + f(r.hip_abduction_subject),
                      pct_diff(r.hip_abduction, r.hip_abduction_subject),
                      f(r.hip_abduction_at, 0) + " / " + f(r.hip_abduction_subject_at, 0)});
  md << to_markdown(t) << "\n"
     << "A hip abduction peak in the first fifth of stance is the impact transient, where inverse "
        "dynamics rests on the segments' accelerations and mass distribution; AddBiomechanics "
        "adjusts both for dynamic consistency (Werling et al. 2023), this model takes the scaled "
        "Lenhart segments, so the two differ most there.\n\n";
  if (!links.empty()) md << figure_link(m.figure, links);
  MarkdownTable p{{"speed [m/s]", "peak PF force [BW]", "at knee flexion [deg]", "quadriceps there [BW]",
                   "knee moment per N of quadriceps [mm]", "mean / peak pressure there [MPa]",
                   "contact area [mm2]"}, {}};
  for (const MeasuredRun& r : m.runs)
    p.rows.push_back({format_plain(r.speed), f(r.pf_peak_bw, 2), f(r.pf_peak_knee_deg),
                      f(r.quadriceps_bw), f(r.quadriceps_arm_mm), f(r.mean_pressure) + " / " + f(r.peak_pressure),
                      f(r.contact_area, 0)});
  md << "Loads at the peak PF force of stance. References: Roos, Barton & van Deursen 2012: "
        "4.5 +- 1.5 BW at 44 +- 6 deg with a knee moment of 157 +- 54 N m (about 20 N of PF force "
        "per N m); Lenhart et al. 2015's model: mean 5.0, peak 9.7 MPa at midstance; Hamner et al. "
        "2010's simulation: quadriceps about 8 BW near 46 deg.\n\n"
     << to_markdown(p) << "\n";
  MarkdownTable a{{"speed [m/s]", "hip_flex", "hip_add", "hip_rot", "knee_flex", "ankle_flex",
                   "saturated (activation > 0.95; frames)"}, {}};
  for (const MeasuredRun& r : m.runs) {
    std::vector<std::string> row{format_plain(r.speed)};
    for (double s : r.reserve_share) row.push_back(f(100.0 * s) + " %");
    std::string sat;
    for (const std::string& s : r.saturated) sat += (sat.empty() ? "" : ", ") + s;
    row.push_back(sat.empty() ? "none" : sat);
    a.rows.push_back(row);
  }
  md << "Peak reserve per joint as a share of the joint's peak net moment (target below 5 %), "
        "and the muscles that saturate.\n\n"
     << to_markdown(a) << "\n";
  return md.str();
}

}  // namespace patella::validation
