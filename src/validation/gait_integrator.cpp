// Section D4: the activation integrator's stepper and tolerance study (see gait_cycle.hpp).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/validation/gait_cycle.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

namespace {

// largest |pf_tz(a) - pf_tz(b)| over the frames [mm]
double max_shift_change_mm(const GaitResult& a, const GaitResult& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.frames.size(); ++k)
    d = std::max(d, std::abs(a.frames[k].pf[kPfTz] - b.frames[k].pf[kPfTz]) * 1e3);
  return d;
}

}  // namespace

IntegratorStudy integrator_study(const std::string& scenario, const GaitRun& preferred,
                                 const ProgressMessage& progress) {
  IntegratorStudy s;
  const GaitInput& in = preferred.setup->input;
  s.output_interval_ms = 1e3 * (in.t_end - in.t_start) / (preferred.setup->options.frames_per_cycle - 1);
  const GaitRun ref = run_gait_scenario(scenario, 1e-9, ActivationStepper::Dopri5, progress);
  GaitRun dopri_tenfold;  // dopri5 at 1e-7: also the tenfold-tightening check
  for (ActivationStepper st : {ActivationStepper::Dopri5, ActivationStepper::CashKarp54})
    for (double tol : {1e-5, 1e-6, 1e-7}) {
      const bool is_default = st == ActivationStepper::Dopri5 && tol == 1e-6;
      GaitRun r = is_default ? GaitRun{} : run_gait_scenario(scenario, tol, st, progress);
      const GaitResult& g = is_default ? preferred.result : r.result;
      const double d = max_shift_change_mm(g, ref.result);
      s.largest_mm = std::max(s.largest_mm, d);
      s.settings.push_back({st, tol, is_default, g.integrator_steps, d});
      if (st == ActivationStepper::Dopri5 && tol == 1e-7) dopri_tenfold = std::move(r);
    }
  s.tenfold_mm = max_shift_change_mm(preferred.result, dopri_tenfold.result);
  return s;
}

std::string integrator_markdown(const IntegratorStudy& s) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  std::ostringstream md;
  md << "### D4. Activation dynamics: stepper and tolerance study (running)\n\n"
     << "Two Boost.Odeint error-controlled steppers on the activation dynamics (time constants "
        "10-40 ms; output every "
     << f(s.output_interval_ms, 1)
     << " ms): Dormand-Prince 5(4) with dense output (`runge_kutta_dopri5`) and Cash-Karp 5(4) "
        "stepping to each output time (`runge_kutta_cash_karp54`). Lateral shift against a "
        "Dormand-Prince reference at tolerance 1e-9:\n\n";
  MarkdownTable t{{"stepper", "abs = rel tolerance", "integrator steps", "max abs change in lateral shift (mm)"}, {}};
  for (const IntegratorSetting& r : s.settings)
    t.rows.push_back({r.stepper == ActivationStepper::Dopri5 ? "dopri5 (dense)" : "cash_karp54",
                      format_plain(r.tolerance) + (r.is_default ? " (default)" : ""),
                      std::to_string(r.steps), f(r.max_shift_change_mm, 5)});
  md << to_markdown(t)
     << "\nTightening the default tolerance tenfold (1e-6 to 1e-7, dopri5) changes lateral shift by "
        "at most " << f(s.tenfold_mm, 5) << " mm (aim < 0.05 mm). Every setting lies within "
     << f(s.largest_mm, 5) << " mm of the reference, so accuracy does not separate the steppers; at equal "
        "tolerance Dormand-Prince with dense output takes fewer steps (it need not stop at each "
        "output time) and Cash-Karp is more accurate. The default, dopri5 at 1e-6, keeps the "
        "error three orders of magnitude below the aim; the integration is a negligible share of "
        "a run's time (the patellar equilibria dominate, see the README's benchmark).\n\n";
  return md.str();
}

}  // namespace patella::validation
