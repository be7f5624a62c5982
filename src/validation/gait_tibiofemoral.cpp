// Section D6: the baselines with the tibia solved (see gait_tibiofemoral.hpp).
#include "patella/validation/gait_tibiofemoral.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "patella/core/conventions.hpp"
#include "patella/io/table.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/reference.hpp"

namespace patella::validation {

namespace {

const char* kTf[5] = {"knee_add_r", "knee_rot_r", "knee_tx_r", "knee_ty_r", "knee_tz_r"};
double tib(int c, double v) { return c < 2 ? rad_to_deg(v) : 1e3 * v; }

// the run's summary, coupled (0) or solved (1)
void summarize(const GaitResult& r, int which, TibiofemoralRun& out) {
  const double bw = body_weight(r);
  const GaitPeak pf = peak_of(r, [&](const GaitFrame& f) { return f.contact.force.norm() / bw; });
  const GaitFrame& p = r.frames[pf.frame];
  out.pf_peak_bw[which] = pf.value;
  out.shift_at_peak_mm[which] = 1e3 * p.pf[5];
  out.tilt_at_peak_deg[which] = rad_to_deg(lateral_tilt_from_pf(p.pf.data()));
  for (const GaitFrame& f : r.frames)
    out.knee_reserve_nm[which] = std::max(out.knee_reserve_nm[which], std::abs(f.reserve[3]));
}

}  // namespace

TibiofemoralGait validate_tibiofemoral_gait(const GaitRun& walk, const std::string& walk_file,
                                            const GaitRun& run, const std::string& run_file,
                                            const ProgressMessage& progress) {
  TibiofemoralGait d;
  auto solved = [&](const std::string& file) {
    Scenario sc = read_scenario(file);
    sc.tibiofemoral = "solved";
    sc.name += " tibia solved";
    return run_gait_scenario(sc, -1, ActivationStepper::Dopri5, progress);
  };
  const GaitRun walk_tf = solved(walk_file), run_tf = solved(run_file);
  for (auto [coupled, tf, out, file] : {std::tuple{&walk, &walk_tf, &d.walking, &walk_file},
                                        std::tuple{&run, &run_tf, &d.running, &run_file}}) {
    out->name = read_scenario(*file).name;
    summarize(coupled->result, 0, *out);
    summarize(tf->result, 1, *out);
    const GaitResult& r = tf->result;
    out->frames = static_cast<int>(r.frames.size());
    const double bw = body_weight(r);
    const GaitPeak tf_peak = peak_of(r, [&](const GaitFrame& f) { return f.tf_contact.force.norm() / bw; });
    out->tf_peak_bw = tf_peak.value;
    out->tf_peak_percent = tf_peak.percent;
    const ContactResult& c = r.frames[tf_peak.frame].tf_contact;
    const double lat = c.lateral_force.norm(), med = (c.force - c.lateral_force).norm();
    out->medial_share_at_peak = med / std::max(1e-9, med + lat);
    out->tx_range_mm = {1e300, -1e300};
    out->rot_range_deg = {1e300, -1e300};
    for (const GaitFrame& f : r.frames) {
      out->converged += f.report.converged;
      out->tx_range_mm = {std::min(out->tx_range_mm[0], 1e3 * f.tf_secondary[2]), std::max(out->tx_range_mm[1], 1e3 * f.tf_secondary[2])};
      out->rot_range_deg = {std::min(out->rot_range_deg[0], rad_to_deg(f.tf_secondary[1])),
                            std::max(out->rot_range_deg[1], rad_to_deg(f.tf_secondary[1]))};
    }
  }
  // the walking trial's own knee_r columns, in the cycle's time base
  d.trial_file = read_scenario(walk_file).trial.coordinates_file;
  const Table mot = read_sto(d.trial_file);
  const std::vector<double> t = mot.values("time");
  for (int c = 0; c < 5; ++c) {
    std::vector<double> v = mot.values(kTf[c]);
    if (c < 2 && mot.in_degrees)
      for (double& x : v) x = deg_to_rad(x);
    d.trial_range[c] = {1e300, -1e300};
    double s0 = 0, s1 = 0;
    const auto& fc = walk.result.frames;
    const auto& fs = walk_tf.result.frames;
    for (std::size_t k = 0; k < fc.size(); ++k) {
      const double ref = tib(c, interp(t, v, fc[k].time + walk.result.time_offset));
      d.trial_range[c] = {std::min(d.trial_range[c][0], ref), std::max(d.trial_range[c][1], ref)};
      s0 += std::pow(tib(c, fc[k].tf_secondary[c]) - ref, 2);
      s1 += std::pow(tib(c, fs[k].tf_secondary[c]) - ref, 2);
    }
    d.rms_coupled[c] = std::sqrt(s0 / fc.size());
    d.rms_solved[c] = std::sqrt(s1 / fs.size());
  }
  return d;
}

std::string tibiofemoral_gait_markdown(const TibiofemoralGait& d) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  std::ostringstream md;
  md << "### D6. The baselines with the tibia solved (`knee: {tibiofemoral: solved}`)\n\n"
     << "The walking and running baselines again, the tibia's five secondary coordinates solved "
        "with the patella at every frame under the muscle forces static optimisation finds on "
        "the coupled knee (sequential: gait/gait_simulation.hpp says why), the shank's load "
        "(ground reaction, weight, inertia) and the knee-crossing muscles. Coupled / solved:\n\n";
  MarkdownTable t{{"baseline", "frames converged (solved)", "peak PF force (BW)",
                   "lateral shift at peak PF (mm)", "lateral tilt at peak PF (deg)",
                   "largest knee reserve (N m)", "peak TF force, solved (BW, % cycle, medial share)",
                   "knee_tx range, solved (mm)", "knee_rot range, solved (deg)"}, {}};
  for (const TibiofemoralRun* r : {&d.walking, &d.running})
    t.rows.push_back({r->name, std::to_string(r->converged) + " of " + std::to_string(r->frames),
                      f(r->pf_peak_bw[0]) + " / " + f(r->pf_peak_bw[1]),
                      f(r->shift_at_peak_mm[0]) + " / " + f(r->shift_at_peak_mm[1]),
                      f(r->tilt_at_peak_deg[0]) + " / " + f(r->tilt_at_peak_deg[1]),
                      f(r->knee_reserve_nm[0], 1) + " / " + f(r->knee_reserve_nm[1], 1),
                      f(r->tf_peak_bw) + " (" + f(r->tf_peak_percent, 0) + " %, " + f(100 * r->medial_share_at_peak, 0) + " % medial)",
                      f(r->tx_range_mm[0], 1) + " to " + f(r->tx_range_mm[1], 1),
                      f(r->rot_range_deg[0], 1) + " to " + f(r->rot_range_deg[1], 1)});
  md << to_markdown(t)
     << "\nThe walking trial's own tibial coordinates (`" << d.trial_file
     << "`'s knee_r columns) against ours over the cycle, RMS difference, coupled / solved:\n\n";
  MarkdownTable w{{"coordinate", "trial's range", "RMS coupled", "RMS solved"}, {}};
  for (int c = 0; c < 5; ++c)
    w.rows.push_back({std::string(kTf[c]) + (c < 2 ? " (deg)" : " (mm)"),
                      f(d.trial_range[c][0], 1) + " to " + f(d.trial_range[c][1], 1),
                      f(d.rms_coupled[c]), f(d.rms_solved[c])});
  md << to_markdown(w)
     << "\nThe trial's knee_ty spans " << f(d.trial_range[3][1] - d.trial_range[3][0], 1)
     << " mm of superior-inferior travel, which cartilage contact does not allow (the solved "
        "tibia's stays within a few mm): those columns come from fitting markers with the knee's "
        "six coordinates free, not from a measurement of the tibia, so they are shown, not used "
        "as a standard.\n\n";
  return md.str();
}

}  // namespace patella::validation
