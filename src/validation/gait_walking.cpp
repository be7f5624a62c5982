// Section D3: the walking trial's net moments reproduced (see gait_cycle.hpp).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/validation/gait_cycle.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

WalkingMoments compare_walking(const GaitRun& walk) {
  WalkingMoments w;
  w.t_start = walk.setup->input.t_start;
  w.t_end = walk.setup->input.t_end;
  const GaitResult& r = walk.result;
  for (int j = 0; j < 5; ++j) {
    double peak = 0, res = 0, s = 0;
    for (const GaitFrame& fr : r.frames) {
      peak = std::max(peak, std::abs(fr.tau_id[j]));
      res = std::max(res, std::abs(fr.reserve[j]));
      s += (fr.tau_id[j] - fr.muscle_moment[j]) * (fr.tau_id[j] - fr.muscle_moment[j]);
    }
    w.peak_net[j] = peak;
    w.max_reserve[j] = res;
    w.rms_net_minus_muscle[j] = std::sqrt(s / r.frames.size());
  }
  const double bw = body_weight(r);
  w.pf_force_bw = peak_of(r, [&](const GaitFrame& fr) { return fr.contact.force.norm() / bw; });
  w.knee_flexion_at_pf_deg = rad_to_deg(r.frames[w.pf_force_bw.frame].q[kKneeFlex]);
  return w;
}

std::string walking_markdown(const WalkingMoments& w) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  std::ostringstream md;
  md << "### D3. Walking: the trial's net moments reproduced (`scenarios/baseline_walking.yaml`)\n\n"
     << "Inverse dynamics of overground_17 (right cycle " << f(w.t_start, 3) << "-" << f(w.t_end, 3)
     << " s, coordinates filtered at 6 Hz, plate 2 on the right "
        "foot) against the moments of the muscle forces: static optimisation's (with reserves) "
        "and the integrated activations' (after activation dynamics).\n\n";
  MarkdownTable t{{"coordinate", "peak abs net moment (N m)", "largest abs reserve (N m)",
                   "RMS net - integrated muscle moment (N m)"}, {}};
  const char* dofs[5] = {"hip_flex_r", "hip_add_r", "hip_rot_r", "knee_flex_r", "ankle_flex_r"};
  for (int j = 0; j < 5; ++j)
    t.rows.push_back({dofs[j], f(w.peak_net[j], 1), f(w.max_reserve[j], 2), f(w.rms_net_minus_muscle[j], 1)});
  md << to_markdown(t) << "\nWalking peak PF contact force " << f(w.pf_force_bw.value) << " BW at "
     << f(w.pf_force_bw.percent, 0) << " % of the cycle (knee flexion " << f(w.knee_flexion_at_pf_deg, 1)
     << " deg).\n\n";
  return md.str();
}

Figure walking_figure(const GaitResult& walk) {
  Figure fig{"gait_walking_moments.png",
             "walking: net moments from inverse dynamics and from the integrated muscle forces", {}};
  const std::array<std::string, 3> titles{"walking: hip flexion moment (N m)", "knee flexion moment (N m)",
                                          "ankle moment (N m)"};
  const int dof[3] = {0, 3, 4};  // hip flexion, knee, ankle in kDrivenDofs order
  for (int k = 0; k < 3; ++k) {
    Panel p{titles[k], "gait cycle (%)", titles[k], {}};
    Series id{"inverse dynamics", {}, {}, false}, mm{"integrated muscle forces", {}, {}, false};
    for (const GaitFrame& fr : walk.frames) {
      id.x.push_back(fr.gait_percent);
      id.y.push_back(fr.tau_id[dof[k]]);
      mm.x.push_back(fr.gait_percent);
      mm.y.push_back(fr.muscle_moment[dof[k]]);
    }
    p.series = {id, mm};
    fig.panels.push_back(p);
  }
  return fig;
}

}  // namespace patella::validation
