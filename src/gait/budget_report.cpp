#include "patella/gait/budget_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/core/strings.hpp"
#include "patella/gait/compare.hpp"
#include "patella/gait/influence.hpp"

namespace patella {

const GaitFrame& frame_for_budget(const GaitResult& res, double percent, int cycle) {
  const GaitFrame* best = nullptr;
  for (const GaitFrame& f : res.frames) {
    if (f.cycle != cycle) continue;
    if (!best) {
      best = &f;
    } else if (percent < 0) {
      if (f.contact.force.norm() > best->contact.force.norm()) best = &f;
    } else if (std::abs(f.gait_percent - percent) < std::abs(best->gait_percent - percent)) {
      best = &f;
    }
  }
  if (!best) throw SimulationError("force budget: the result has no frame in cycle " + std::to_string(cycle));
  return *best;
}

std::string format_force_budget(const GaitResult& res, const GaitFrame& f) {
  std::string out;
  char line[256];
  const double bw = res.body_mass * 9.80665;
  std::snprintf(line, sizeof line,
                "force budget on the patella at %.1f %% of cycle %d (t = %.4f s, knee flexion %.1f deg, "
                "PF contact %.2f BW)\n",
                f.gait_percent, f.cycle, f.time + res.time_offset, rad_to_deg(f.q[kKneeFlex]),
                bw > 0 ? f.contact.force.norm() / bw : 0.0);
  out += line;
  out += "  force on the patella in femur_distal_r [N]; + anterior, + superior, + lateral\n";
  std::snprintf(line, sizeof line, "  %-24s %11s %11s %11s %11s\n", "term", "anterior", "superior",
                "lateral", "|F|");
  out += line;
  Vec3 sum = Vec3::Zero();
  for (std::size_t b = 0; b < res.budget_terms.size() && b < f.budget_force.size(); ++b) {
    const Vec3& F = f.budget_force[b];
    sum += F;
    if (F.norm() == 0.0 && res.budget_terms[b] == "external") continue;
    std::snprintf(line, sizeof line, "  %-24s %11.1f %11.1f %11.1f %11.1f\n", res.budget_terms[b].c_str(),
                  F.x(), F.y(), F.z(), F.norm());
    out += line;
  }
  std::snprintf(line, sizeof line, "  %-24s %11.3f %11.3f %11.3f %11.3f\n", "sum (0 at equilibrium)",
                sum.x(), sum.y(), sum.z(), sum.norm());
  out += line;
  return out;
}

std::string format_budget_comparison(const std::vector<std::string>& names,
                                     const std::vector<const GaitResult*>& results, double percent) {
  if (results.empty() || names.size() != results.size() || results[0]->frames.empty())
    throw SimulationError("force budget comparison: no runs");
  const GaitResult& first = *results[0];
  const int first_cycle = first.frames.back().cycle;
  const double at = percent < 0 ? frame_for_budget(first, -1.0, first_cycle).gait_percent : percent;
  std::vector<const GaitFrame*> frames;
  for (const GaitResult* r : results) {
    if (r->frames.empty()) throw SimulationError("force budget comparison: a run has no frames");
    if (r->budget_terms != first.budget_terms)
      throw SimulationError("force budget comparison: the runs' knees have different budget terms");
    frames.push_back(&frame_for_budget(*r, at, r->frames.back().cycle));
  }
  char line[512];
  std::snprintf(line, sizeof line,
                "force budget on the patella, lateral component [N] (+ lateral), at %.1f %% of the last "
                "cycle%s\n",
                frames[0]->gait_percent, percent < 0 ? " (the first run's peak PF force)" : "");
  std::string out = line;
  // columns as wide as the longest name (at most 40), so no two runs look alike
  int w = 10;
  for (const std::string& n : names) w = std::max(w, static_cast<int>(std::min<std::size_t>(n.size(), 40)));
  auto cell = [](const std::string& s) { return s.size() > 40 ? s.substr(0, 40) : s; };
  std::snprintf(line, sizeof line, "  %-24s %*s", "term", w, cell(names[0]).c_str());
  out += line;
  for (std::size_t s = 1; s < names.size(); ++s) {
    std::snprintf(line, sizeof line, " %*s %9s", w, cell(names[s]).c_str(), "change");
    out += line;
  }
  out += "\n";
  for (std::size_t b = 0; b < first.budget_terms.size(); ++b) {
    auto lateral = [&](std::size_t s) {
      return b < frames[s]->budget_force.size() ? frames[s]->budget_force[b].z() : 0.0;
    };
    bool any = false;
    for (std::size_t s = 0; s < frames.size(); ++s) any = any || lateral(s) != 0.0;
    if (!any && first.budget_terms[b] == "external") continue;
    std::snprintf(line, sizeof line, "  %-24s %*.1f", first.budget_terms[b].c_str(), w, lateral(0));
    out += line;
    for (std::size_t s = 1; s < frames.size(); ++s) {
      std::snprintf(line, sizeof line, " %*.1f %+9.1f", w, lateral(s), lateral(s) - lateral(0));
      out += line;
    }
    out += "\n";
  }
  return out;
}

std::string format_influence(const Model& knee, const GaitResult& res, const GaitFrame& frame) {
  // what it takes: the force along a line that moves the clinical shift (from the groove, as
  // imaging measures it) by the smallest change that matters (gait/compare.hpp), against a taut
  // band's plausible ceiling f F0 s (PHYSICS.md 8: the shipped hypothesis f = 10 %, s = 2 from
  // Chen et al. 2016)
  const double threshold = smallest_change("mm").value;  // [mm]
  constexpr double kBandFraction = 0.10, kStiffnessRatio = 2.0;
  std::string out = "  influence at this frame: the patella's change when 100 N is added along one line, "
                    "everything else held;\n  what it takes: the force along the line that moves the "
                    "clinical shift (from the groove) by " + fmt(threshold) +
                    " mm, and a taut band's ceiling f F0 s (f 10 %, s 2)\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-24s %12s %12s %12s %12s %14s %14s %16s\n", "line", "shift [mm]",
                "tilt [deg]", "clin. shift", "clin. tilt", "PF contact [N]", "it takes [N]",
                "band ceiling [N]");
  out += line;
  for (const Influence& in : influence_coefficients(knee, res, frame)) {
    const double per_newton = 1e3 * in.clinical_shift / 100.0;  // [mm/N]
    const double takes = std::isfinite(per_newton) && per_newton != 0.0 ? threshold / std::abs(per_newton) : NAN;
    double ceiling = NAN;
    for (const PatellaMuscle& m : knee.muscles)
      if (m.name == in.line) ceiling = kBandFraction * m.max_isometric_force * kStiffnessRatio;
    char c[32] = "-", t[32] = "-";
    if (std::isfinite(ceiling)) std::snprintf(c, sizeof c, "%.0f", ceiling);
    // off the trochlea the clinical shift is not defined, nor what it takes
    if (std::isfinite(takes)) std::snprintf(t, sizeof t, "%.0f", takes);
    std::snprintf(line, sizeof line, "  %-24s %+12.4f %+12.4f %+12.4f %+12.4f %+14.1f %14s %16s%s\n",
                  in.line.c_str(), 1e3 * in.lateral_shift, rad_to_deg(in.lateral_tilt),
                  1e3 * in.clinical_shift, rad_to_deg(in.clinical_tilt), in.contact_force, t, c,
                  in.converged ? "" : "  (not converged)");
    out += line;
  }
  return out;
}

}  // namespace patella
