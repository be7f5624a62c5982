// patella claims: test the self-treatment guides' claims against the model; writes docs/claims.md.

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "args.hpp"
#include "commands.hpp"
#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "patella/gait/actuation.hpp"
#include "patella/gait/compare.hpp"
#include "patella/io/claims_file.hpp"
#include "patella/io/sweep_results.hpp"
#include "patella/io/scenario.hpp"
#include "patella/session/run_all.hpp"
#include "patella/study/claim_bands.hpp"
#include "patella/io/table.hpp"

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
const char* kHelp =
    "patella claims: run the claims in scenarios/claims.yaml and write docs/claims.md\n"
    "\n"
    "  --claims FILE  (default scenarios/claims.yaml)\n"
    "  --out FILE.md  (default docs/claims.md)\n"
    "  --threads N    simulations at once (default: the number of cores)\n"
    "  --uncertainty FILE.h5  a sweep over the claims file (`patella sweep\n"
    "                 scenarios/sweeps/claims_uncertainty.yaml --out docs`): each change gets its\n"
    "                 5-95 % band under each control and the parameters that drive it most, and a\n"
    "                 verdict stands only when the whole band agrees (else: uncertain). Default:\n"
    "                 docs/claims_uncertainty.h5 when it exists; `none`: no bands\n";

using Threshold = SmallestChange;
Threshold threshold_for(const std::string& unit) { return smallest_change(unit); }

// what a scenario changes in the muscles: only then does the control hypothesis matter
bool edits_muscles(const Scenario& s) {
  return !s.muscle_edits.empty() || !s.min_activation.empty() || !s.interventions.empty();
}

// a band's end as a signed change ("+0.61", "-1.2 %" of nothing: the unit is in the column)
std::string band_text(double x, const std::string& unit) {
  char buf[48];
  std::snprintf(buf, sizeof buf, change_in_percent(unit) ? "%+.3g" : "%+.3f", x);
  return buf;
}

std::string change_text(double b, double v, const std::string& unit) {
  char buf[96];
  const double d = v - b;
  if (change_in_percent(unit) && b != 0.0)
    std::snprintf(buf, sizeof buf, "%+.3g %s (%+.1f %%)", d, unit.c_str(), 100 * d / std::abs(b));
  else
    std::snprintf(buf, sizeof buf, "%+.3f %s", d, unit.c_str());
  return buf;
}

const char* verdict_of(double b, double v, const std::string& unit, const std::string& expected) {
  const Threshold th = threshold_for(unit);
  // a metric that is not defined in a run (the clinical shift off the trochlea) tests nothing
  if (!std::isfinite(b) || !std::isfinite(v)) return "not defined";
  const double d = v - b;
  const double size = th.relative ? std::abs(d) / std::abs(b) : std::abs(d);
  if (size < th.value) return "too small to matter";
  return (d > 0) == (expected == "increase") ? "supported" : "contradicted";
}
}  // namespace

int cmd_claims(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--claims", true}, {"--out", true},
                                            {"--threads", true}, {"--uncertainty", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  const std::string claims_file = a.str("--claims", default_scenarios_dir() + "/claims.yaml");
  const std::string out = a.str("--out", "docs/claims.md");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = static_cast<int>(a.number("--threads", cores, 1, 64));
  const std::vector<Claim> claims = read_claims(claims_file);
  // the bands, read before the simulations so a wrong file is said at once
  const std::string default_unc = "docs/claims_uncertainty.h5";
  std::string unc_file = a.str("--uncertainty", path_exists(default_unc) ? default_unc : "");
  if (unc_file == "none") unc_file.clear();
  SweepResults unc;
  if (!unc_file.empty()) {
    unc = read_sweep_summary(unc_file);
    if (unc.claim_text.empty())
      throw IoError(unc_file + ": a sweep of a scenario, not of the claims (its sweep file names 'scenario', "
                    "not 'claims')");
    for (const Claim& c : claims)
      for (const char* control : {"compensated", "uncompensated", "emg_constrained"})
        if (!claim_band(unc, c, control))
          throw IoError(unc_file + ": no " + control + " band for the claim at " + claims_file + ":" +
                        std::to_string(c.line) + " ('" + c.text + "', " + c.metric +
                        "): sweep this claims file again (patella sweep scenarios/sweeps/claims_uncertainty.yaml)");
  }
  const fs::path dir = fs::path(claims_file).parent_path();
  std::vector<std::string> files;
  for (const Claim& c : claims)
    for (const std::string& f : {c.baseline, c.scenario})
      if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  std::vector<std::unique_ptr<GaitSetup>> setups;
  std::vector<std::string> labels;
  std::map<std::string, Scenario> scenario_of;
  // file -> index into the runs, per control hypothesis
  std::map<std::string, std::size_t> run_c, run_u, run_e;
  for (const std::string& f : files) {
    Scenario sc = read_scenario((dir / f).string());
    scenario_of[f] = sc;
    run_c[f] = setups.size();
    setups.push_back(load_gait_setup(sc));
    labels.push_back(f);
    if (edits_muscles(sc)) {
      Scenario u = sc;
      u.control = "uncompensated";
      run_u[f] = setups.size();
      setups.push_back(load_gait_setup(u));
      labels.push_back(f + " (uncompensated)");
    }
    // the EMG bands act on the baseline too: every scenario runs under them
    Scenario e = sc;
    e.control = "emg_constrained";
    run_e[f] = setups.size();
    setups.push_back(load_gait_setup(e));
    labels.push_back(f + " (emg_constrained)");
  }
  // a claim compares its runs under one EMG hypothesis: both files' bands must agree
  for (const Claim& c : claims) {
    const EmgBands &x = scenario_of[c.scenario].emg, &y = scenario_of[c.baseline].emg;
    if (x.vm_vl_min != y.vm_vl_min || x.vm_vl_max != y.vm_vl_max || x.hamstring_floor != y.hamstring_floor)
      throw ModelError(claims_file + ":" + std::to_string(c.line) + ": '" + c.scenario + "' and '" +
                       c.baseline + "' set different emg.* bands; a claim compares them under one");
  }
  const std::vector<GaitResult> results =
      simulate_all(setups, labels, threads, [](const std::string& label, std::size_t done, std::size_t total) {
        std::fprintf(stderr, "  simulated %s (%zu/%zu)\n", label.c_str(), done, total);
      });
  std::vector<const GaitResult*> ptrs;
  for (const GaitResult& r : results) ptrs.push_back(&r);
  const Comparison cmp = compare_results(labels, ptrs);
  // a run's metric; values at the peak-PF frame are read at the reference run's (its baseline's)
  // peak instant (gait/compare.hpp question_metrics)
  auto value = [&](std::size_t run, std::size_t ref, const std::string& metric, std::string& unit) {
    for (const ComparedMetric& m : question_metrics(results[run], peak_pf_percent(results[ref])))
      if (m.name == metric) {
        unit = m.unit;
        return m.value[0];
      }
    for (const ComparedMetric& m : cmp.metrics)
      if (m.name == metric) {
        unit = m.unit;
        return m.value[run];
      }
    throw ModelError(claims_file + ": unknown metric '" + metric + "'");
  };
  auto uncompensated = [&](const std::string& f) { return run_u.count(f) ? run_u[f] : run_c[f]; };

  const EmgBands bands;
  const std::string emg_text = "[" + fmt(bands.vm_vl_min) + ", " + fmt(bands.vm_vl_max) + "]";
  const Threshold ts = threshold_for("mm"), tt = threshold_for("deg"), tf = threshold_for("BW");
  std::ostringstream md;
  char th_text[400];
  std::snprintf(th_text, sizeof th_text,
                "%.3g mm of lateral shift and %.3g deg of lateral tilt, %.3g %% of a force or pressure",
                ts.value, tt.value, 100 * tf.value);
  md << "# Runner's-knee self-treatment claims, tested in the model\n\n"
     << "Regenerate with `build/bin/patella claims` (reads `scenarios/claims.yaml`, runs every "
        "scenario it names, writes this file). Values are the last simulated cycle of the default "
        "running cycle. Each claim names the metric and the window it tests: a whole-cycle peak or "
        "mean, the value at the frame of peak PF force (the baseline's: both runs are read at the "
        "same instant of the stride, since the PF force is flat over two frames at its peak and a "
        "scenario's own peak can move by one), or the mean over loading response (foot "
        "strike to the stance peak of knee flexion) or over stance. Changes of positions and angles "
        "are given in mm and degrees, never in percent.\n\n"
     << "A change matters when it exceeds " << th_text << ". For shift and tilt that is the larger of "
        "a quarter of the healthy between-subject SD (2.3 mm and 3.4 deg, von Eisenhart-Rothe et al. "
        "2004) and what in vivo imaging can resolve during gait (mobile biplane X-ray against "
        "implanted beads, RMS 0.37 mm and 1.15 deg, Gray, Guan & Pandy 2017; < 0.395 mm and "
        "< 0.863 deg, Bey et al. 2008); for forces and pressures a quarter of the PF force's SD "
        "(1.5 of 4.5 BW, Roos et al. 2012).\n\n"
     << "Every claim is tested under three control hypotheses (PHYSICS.md 7), and the change "
        "under each is reported: **compensated** (static optimisation re-solves the muscle forces "
        "for the same net moments), **uncompensated** (the activations found without the "
        "scenario's muscle edits are held; the net-moment imbalance is the run's reserve; a "
        "scenario that edits no muscle gives the compensated run) and **EMG-constrained** (static "
        "optimisation with the vastus medialis to lateralis activation ratio held in "
        << emg_text << " and the hamstrings at least " << fmt(bands.hamstring_floor)
        << " of the vasti's activation; both run and baseline under these bands; the bands are "
           "hypotheses: running EMG finds VM and VL active together at similar amplitude, and the "
           "hamstrings active in braking, but no measured spread exists; gait/emg_constraints.hpp "
           "cites the sources).\n\n"
     << "Verdicts: **supported** or **contradicted** (the claimed direction or its opposite, by "
        "more than the threshold, under every hypothesis), **too small to matter** (below it under "
        "every one), **not testable with this model** (the reason is given: the tool's "
        "literature-bounded release is zero, or the hypotheses disagree), **confounded** (under "
        "compensated or EMG-constrained control, in the part of the cycle the metric looks at, a "
        "joint's reserve, an ideal torque that loads no joint, changes by more than 5 % of the "
        "baseline's peak moment or exceeds 5 % of a joint's peak moment: the change is not the "
        "muscles'). Muscles that saturate in other frames than in the baseline are noted. The taut "
        "bands, weaknesses and kinematic changes are hypotheses (see each scenario's description); "
        "releases are literature-bounded.\n\n";
  if (!unc_file.empty()) {
    std::size_t failed = 0;
    for (int f : unc.failed) failed += f;
    md << "**Bands.** Each change is followed by its 5-95 % band over the " << unc.samples - failed
       << " samples of the sweep `" << unc.name << "` that ran (" << unc.samples << " in all, a " << unc.design
       << " design; `" << fs::path(unc_file).filename().string() << "`, computed by " << unc.version
       << "): every sample runs every claim's scenario and baseline with the same parameter values, "
          "drawn from the distributions below. A verdict of direction or size stands only when the "
          "whole band agrees under every hypothesis; otherwise the claim is **uncertain** (a relative "
          "threshold is taken of the point baseline). The drivers are the parameters with the largest "
          "total Sobol' indices of the compensated change, with their 95 % bootstrap intervals (an "
          "index is the share of the change's variance a parameter accounts for, alone and with "
          "the others). Their estimators need many samples: with few base points the first-order "
          "indices scatter outside [0, 1] and a total index can exceed 1, most where a change is "
          "numerical noise of micrometres; read the drivers as a ranking with its intervals, not "
          "as shares.\n\n"
       << "| parameter (scenario key) | distribution | combined with the scenario's value | source |\n"
          "|---|---|---|---|\n";
    if (unc.distributions.size() != unc.keys.size() || unc.sources.size() != unc.keys.size() ||
        unc.combine.size() != unc.keys.size())
      throw IoError(unc_file + ": /parameters lists differ in length");
    for (std::size_t j = 0; j < unc.keys.size(); ++j)
      md << "| `" << unc.keys[j] << "` | " << unc.distributions[j] << " | " << unc.combine[j] << " | "
         << unc.sources[j] << " |\n";
    md << "\n";
  }
  md << "| claim | scenario (vs baseline) | metric and window | baseline | change, compensated | "
        "change, uncompensated | change, EMG-constrained | "
     << (unc_file.empty() ? ""
         : unc.design == "morris" ? "drivers (Morris mu*) | "
         : unc.design == "sobol"  ? "drivers (total Sobol' index) | "
                                  : "drivers (none: the design gives no indices) | ")
     << "literature | verdict | why, and notes |\n"
     << (unc_file.empty() ? "|---|---|---|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::map<std::string, int> count;
  for (const Claim& c : claims) {
    std::string unit;
    const std::size_t bc = run_c[c.baseline], sc_ = run_c[c.scenario];
    const std::size_t bu = uncompensated(c.baseline), su = uncompensated(c.scenario);
    const std::size_t be = run_e[c.baseline], se = run_e[c.scenario];
    const double b = value(bc, bc, c.metric, unit), v = value(sc_, bc, c.metric, unit);
    const double b_u = value(bu, bu, c.metric, unit), v_u = value(su, bu, c.metric, unit);
    const double b_e = value(be, be, c.metric, unit), v_e = value(se, be, c.metric, unit);
    const std::string vc = verdict_of(b, v, unit, c.expected), vu = verdict_of(b_u, v_u, unit, c.expected),
                      ve = verdict_of(b_e, v_e, unit, c.expected);
    const Scenario& scen = scenario_of[c.scenario];
    std::string verdict, why;
    bool zero_release = !scen.interventions.empty();
    std::string tools;
    for (const Scenario::Intervention& x : scen.interventions) {
      zero_release = zero_release && x.release == 0.0;
      if (tools.find(x.tool) == std::string::npos) tools += (tools.empty() ? "" : ", ") + x.tool;
    }
    // a reserve confounds the change only where the metric looks
    auto flags_of = [&](std::size_t rb, std::size_t rs, const char* control) {
      const double at = peak_pf_percent(results[rb]);
      const auto wb = metric_window(results[rb], c.metric, at), ws = metric_window(results[rs], c.metric, at);
      std::vector<std::string> f = reserve_flags(results[rb], results[rs], std::min(wb.first, ws.first),
                                                 std::max(wb.second, ws.second));
      for (std::string& x : f) x = std::string(control) + ": " + x;
      return f;
    };
    std::vector<std::string> reserve = flags_of(bc, sc_, "compensated");
    for (const std::string& f : flags_of(be, se, "EMG-constrained")) reserve.push_back(f);
    if (zero_release) {
      verdict = "not testable with this model";
      why = "no measured mechanical effect of " + tools + " exists, so its literature-bounded release "
            "is 0 and the model cannot show it helping";
    } else if (!reserve.empty()) {
      verdict = "confounded";
      for (const std::string& f : reserve) why += (why.empty() ? "" : "; ") + f;
    } else if (vc == "not defined" || vu == "not defined" || ve == "not defined") {
      verdict = "not testable with this model";
      why = "the metric is not defined in a run (the clinical shift has no groove bottom there)";
    } else if (vc == vu && vc == ve) {
      verdict = vc;
    } else {
      verdict = "not testable with this model";
      why = std::string("the control hypotheses disagree (compensated: ") + vc + ", uncompensated: " + vu +
            ", EMG-constrained: " + ve + ")";
    }
    // under uncertainty a verdict on the direction or size stands only if every band agrees
    std::string cell[3] = {change_text(b, v, unit), change_text(b_u, v_u, unit), change_text(b_e, v_e, unit)};
    std::string drivers = "-";
    if (!unc_file.empty()) {
      const char* controls[3] = {"compensated", "uncompensated", "emg_constrained"};
      const double base[3] = {b, b_u, b_e};
      std::string disagree;
      for (int h = 0; h < 3; ++h) {
        const SweepOutputStats& o = *claim_band(unc, c, controls[h]);
        cell[h] += " [" + band_text(o.low, unit) + ", " + band_text(o.high, unit) + "]";
        const std::string bv = band_verdict(base[h], o.low, o.high, unit, c.expected);
        if (bv != verdict) disagree += (disagree.empty() ? "" : "; ") + std::string(controls[h]) + ": " + bv;
      }
      if (const std::string d = driver_text(unc, *claim_band(unc, c, "compensated")); !d.empty())
        drivers = d;
      if (!disagree.empty() &&
          (verdict == "supported" || verdict == "contradicted" || verdict == "too small to matter")) {
        why = "the point values say " + verdict + ", but the 5-95 % band does not (" + disagree + ")" +
              (why.empty() ? "" : "; " + why);
        verdict = "uncertain";
      }
    }
    for (const std::string& f : saturation_flags(results[bc], results[sc_]))
      why += (why.empty() ? "note: " : "; note: ") + f;
    if (why.empty()) why = "-";
    ++count[verdict];
    const bool both = edits_muscles(scen) || edits_muscles(scenario_of[c.baseline]);
    md << "| " << c.text << " | `" << c.scenario << "` (vs `" << c.baseline << "`) | " << c.metric
       << " (" << unit << ") | " << fmt(std::round(b * 1000) / 1000) << " | " << cell[0] << " | "
       << (both ? cell[1] : "same run (no muscle edited)" + (unc_file.empty() ? "" : cell[1].substr(cell[1].find(" ["))))
       << " | " << cell[2] << (unc_file.empty() ? "" : " | " + drivers) << " | " << c.literature << " | "
       << verdict << " | " << why << " |\n";
  }
  md << "\n";
  bool first = true;
  for (const char* v : {"supported", "contradicted", "too small to matter", "uncertain",
                        "not testable with this model", "confounded"}) {
    if (std::string(v) == "uncertain" && unc_file.empty()) continue;
    md << (first ? "" : ", ") << count[v] << " " << v;
    first = false;
  }
  md << ", of " << claims.size() << " claims.\n";
  fs::create_directories(fs::path(out).parent_path().empty() ? "." : fs::path(out).parent_path());
  write_file_atomic(out, md.str());
  std::cerr << "patella claims: wrote " << out << "\n";
  std::printf("%s", md.str().c_str());
  return 0;
}

}  // namespace patella::cli
