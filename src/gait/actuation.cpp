#include "patella/gait/actuation.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <cstdio>

namespace patella {

const std::array<const char*, 5>& driven_dof_names() {
  static const std::array<const char*, 5> n{"hip_flex", "hip_add", "hip_rot", "knee_flex",
                                            "ankle_flex"};
  return n;
}

bool ActuationCheck::reserves_small() const {
  for (const JointReserve& j : joints)
    if (j.share() >= kSmallReserveShare) return false;
  return true;
}

int saturated_muscles(const GaitFrame& f) {
  int n = 0;
  for (double a : f.activation_so) n += a > kSaturatedActivation;
  return n;
}

namespace {

std::vector<const GaitFrame*> cycle_frames(const GaitResult& r, int cycle) {
  std::vector<const GaitFrame*> fr;
  for (const GaitFrame& f : r.frames)
    if (f.cycle == cycle) fr.push_back(&f);
  return fr;
}

ActuationCheck check_cycle(const GaitResult& r, int cycle) {
  ActuationCheck c;
  c.cycle = cycle;
  std::vector<SaturatedMuscle> sat(r.muscles.size());
  for (const GaitFrame* f : cycle_frames(r, cycle)) {
    ++c.frames;
    for (int j = 0; j < 5; ++j) {
      JointReserve& jr = c.joints[j];
      if (std::abs(f->reserve[j]) > jr.peak_reserve) {
        jr.peak_reserve = std::abs(f->reserve[j]);
        jr.peak_reserve_percent = f->gait_percent;
      }
      jr.peak_moment = std::max(jr.peak_moment, std::abs(f->tau_id[j]));
    }
    bool any = false;
    for (std::size_t m = 0; m < f->activation_so.size() && m < sat.size(); ++m) {
      const double a = f->activation_so[m];
      sat[m].peak_activation = std::max(sat[m].peak_activation, a);
      if (a > kSaturatedActivation) {
        if (sat[m].frames == 0) sat[m].first_percent = f->gait_percent;
        sat[m].last_percent = f->gait_percent;
        ++sat[m].frames;
        any = true;
      }
    }
    c.saturated_frames += any;
  }
  for (std::size_t m = 0; m < sat.size(); ++m)
    if (sat[m].frames > 0) {
      sat[m].muscle = r.muscles[m];
      c.saturated.push_back(sat[m]);
    }
  return c;
}

std::string pct(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * share);
  return buf;
}

// |reserve| of joint j resampled at whole gait percents (linear), last cycle
std::vector<double> reserve_curve(const std::vector<const GaitFrame*>& fr, int j) {
  std::vector<double> out;
  std::size_t k = 1;
  for (int p = 0; p <= 100; ++p) {
    while (k + 1 < fr.size() && fr[k]->gait_percent < p) ++k;
    const GaitFrame& a = *fr[k - 1];
    const GaitFrame& b = *fr[std::min(k, fr.size() - 1)];
    const double span = b.gait_percent - a.gait_percent;
    const double w = span > 0 ? std::clamp((p - a.gait_percent) / span, 0.0, 1.0) : 0.0;
    out.push_back((1 - w) * a.reserve[j] + w * b.reserve[j]);
  }
  return out;
}

}  // namespace

std::vector<ActuationCheck> check_actuation(const GaitResult& r) {
  int cycles = 0;
  for (const GaitFrame& f : r.frames) cycles = std::max(cycles, f.cycle + 1);
  std::vector<ActuationCheck> out;
  for (int c = 0; c < cycles; ++c) out.push_back(check_cycle(r, c));
  return out;
}

std::string format_actuation(const ActuationCheck& c, const GaitResult& r) {
  std::string out =
      r.control == Control::Uncompensated
          ? "  control: uncompensated - the activations static optimisation finds without the "
            "scenario's muscle edits are held;\n  the reserve is the net-moment imbalance this "
            "leaves (the motion stays prescribed)\n"
      : r.control == Control::EmgConstrained
          ? "  control: emg_constrained - static optimisation with the VM:VL activation ratio and a "
            "hamstring co-contraction floor held to running EMG\n"
          : "";
  out += "  peak |reserve| / peak |net moment| per joint (small below " + pct(kSmallReserveShare) + "):\n";
  char buf[160];
  for (int j = 0; j < 5; ++j) {
    const JointReserve& jr = c.joints[j];
    std::snprintf(buf, sizeof buf, "    %-10s %7.1f / %7.1f N m = %5.1f %% (at %.0f %%)%s\n",
                  driven_dof_names()[j], jr.peak_reserve, jr.peak_moment, 100.0 * jr.share(),
                  jr.peak_reserve_percent, jr.share() >= kSmallReserveShare ? "  NOT SMALL" : "");
    out += buf;
  }
  if (c.saturated.empty()) {
    std::snprintf(buf, sizeof buf, "  no muscle saturates (static-optimisation activation > %.2f)\n",
                  kSaturatedActivation);
    out += buf;
  } else {
    std::snprintf(buf, sizeof buf, "  saturated (activation > %.2f) in %d of %d frames:",
                  kSaturatedActivation, c.saturated_frames, c.frames);
    out += buf;
    for (const SaturatedMuscle& s : c.saturated) {
      std::snprintf(buf, sizeof buf, " %s %d frames (%.0f-%.0f %%)", s.muscle.c_str(), s.frames,
                    s.first_percent, s.last_percent);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string> reserve_flags(const GaitResult& base, const GaitResult& scen,
                                       double from_percent, double to_percent) {
  std::vector<std::string> flags;
  if (base.frames.empty() || scen.frames.empty()) return flags;
  const std::vector<ActuationCheck> cb = check_actuation(base), cs = check_actuation(scen);
  const ActuationCheck &b = cb.back(), &s = cs.back();
  const std::vector<const GaitFrame*> fb = cycle_frames(base, b.cycle), fs = cycle_frames(scen, s.cycle);
  const bool whole = from_percent <= 0.0 && to_percent >= 100.0;
  const int p0 = static_cast<int>(std::floor(std::max(0.0, from_percent)));
  const int p1 = static_cast<int>(std::ceil(std::min(100.0, to_percent)));
  char buf[256];
  if (fb.size() >= 2 && fs.size() >= 2)
    for (int j = 0; j < 5; ++j) {
      const std::vector<double> rb = reserve_curve(fb, j), rs = reserve_curve(fs, j);
      double worst = 0.0;
      int at = 0;
      for (int p = p0; p <= p1; ++p)
        if (std::abs(rs[p] - rb[p]) > worst) {
          worst = std::abs(rs[p] - rb[p]);
          at = p;
        }
      const double peak = b.joints[j].peak_moment;
      if (peak > 0 && worst > kSmallReserveShare * peak) {
        std::snprintf(buf, sizeof buf,
                      "the %s reserve changes by up to %.1f N m (%.1f %% of the baseline's peak "
                      "moment, at %d %%): part of the change is carried by an ideal torque, not "
                      "a muscle",
                      driven_dof_names()[j], rs[at] - rb[at], 100.0 * worst / peak, at);
        flags.push_back(buf);
      }
    }
  for (const auto& [label, c, fr] :
       {std::tuple<const char*, const ActuationCheck*, const std::vector<const GaitFrame*>*>{"baseline", &b, &fb},
        {"scenario", &s, &fs}})
    for (int j = 0; j < 5; ++j) {
      // the run's largest reserve in the window, against its peak net moment over the cycle
      double share = c->joints[j].share();
      if (!whole) {
        double worst = 0.0;
        for (const GaitFrame* f : *fr)
          if (f->gait_percent >= from_percent - 1e-9 && f->gait_percent <= to_percent + 1e-9)
            worst = std::max(worst, std::abs(f->reserve[j]));
        share = c->joints[j].peak_moment > 0 ? worst / c->joints[j].peak_moment : 0.0;
      }
      if (share >= kSmallReserveShare) {
        std::snprintf(buf, sizeof buf, "the %s's %s reserve reaches %.1f %% of its peak moment%s",
                      label, driven_dof_names()[j], 100.0 * share, whole ? "" : " in the window");
        flags.push_back(buf);
      }
    }
  return flags;
}

std::vector<std::string> saturation_flags(const GaitResult& base, const GaitResult& scen) {
  std::vector<std::string> flags;
  if (base.frames.empty() || scen.frames.empty()) return flags;
  const std::vector<ActuationCheck> cb = check_actuation(base), cs = check_actuation(scen);
  const ActuationCheck &b = cb.back(), &s = cs.back();
  // a muscle saturated alike in both runs carries none of the change; one whose saturated
  // frames differ has hit (or left) its ceiling because of the what-if
  std::vector<std::string> names;
  for (const ActuationCheck* c : {&b, &s})
    for (const SaturatedMuscle& m : c->saturated)
      if (std::find(names.begin(), names.end(), m.muscle) == names.end()) names.push_back(m.muscle);
  std::string list;
  for (const std::string& n : names) {
    int nb = 0, ns = 0;
    for (const SaturatedMuscle& m : b.saturated) nb += m.muscle == n ? m.frames : 0;
    for (const SaturatedMuscle& m : s.saturated) ns += m.muscle == n ? m.frames : 0;
    if (nb != ns)
      list += (list.empty() ? "" : ", ") + n + " " + std::to_string(nb) + " -> " + std::to_string(ns);
  }
  if (!list.empty())
    flags.push_back("muscles saturate in other frames (activation > 0.95; baseline -> scenario "
                    "frames): " + list);
  return flags;
}

std::vector<std::string> actuation_flags(const GaitResult& base, const GaitResult& scen) {
  std::vector<std::string> flags = reserve_flags(base, scen);
  for (std::string& f : saturation_flags(base, scen)) flags.push_back(std::move(f));
  return flags;
}

}  // namespace patella
