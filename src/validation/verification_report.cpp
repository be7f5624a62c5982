// The verification report (see verification.hpp): every case and study run, their tables,
// computed conclusions and figures' curves, and the robustness sections read from files.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "patella/compiler/compile.hpp"
#include "patella/core/error.hpp"
#include "patella/io/load_model.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

namespace {

std::string sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1e", v);
  return buf;
}

// Outputs compared as a relative change (forces, areas, pressures) or an absolute one (shift,
// tilt: their zero is a convention, so a percentage would mean nothing).
bool knee_relative(int k) { return k == 0 || k == 3 || k == 4; }
bool gait_relative(int k) { return k == 0 || k == 2; }

// The change of v from the reference: percent if relative, else in the output's unit.
double change(double v, double ref, bool relative) { return relative ? 100.0 * (v - ref) / ref : v - ref; }
// three significant digits, so that changes far below the last fixed decimal still show
std::string sig(double v, bool sign) {
  char buf[32];
  std::snprintf(buf, sizeof buf, sign ? "%+.3g" : "%.3g", v);
  return buf;
}
std::string change_text(double c, bool relative, const std::string& unit) {
  return sig(c, true) + (relative ? " %" : " " + unit);
}
// "(mm)" -> "mm"
std::string unit_of(const std::string& name) {
  const auto a = name.rfind('('), b = name.rfind(')');
  return a == std::string::npos ? "" : name.substr(a + 1, b - a - 1);
}
std::string lower_name(const std::string& name) {
  const auto a = name.rfind(" (");
  return a == std::string::npos ? name : name.substr(0, a);
}

// Largest |change| of knee output k over the flexion angles, for setting i against the last.
double knee_max_change(const KneeStudy& s, std::size_t i, int k, double* at_deg = nullptr) {
  double worst = 0.0;
  for (std::size_t a = 0; a < s.flexion_deg.size(); ++a) {
    const double c = std::abs(change(knee_output(s.settings[i].at[a], k), knee_output(s.settings.back().at[a], k),
                                     knee_relative(k)));
    if (c >= worst) {
      worst = c;
      if (at_deg) *at_deg = s.flexion_deg[a];
    }
  }
  return worst;
}

// Reads a tab-separated file: rows of cells, the first the header. Empty lines are skipped.
std::vector<std::vector<std::string>> read_tsv(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw IoError(file + ": cannot be read");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, '\t')) cells.push_back(cell);
    if (line.back() == '\t') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

// The table of a TSV with the required header, or throws naming the file.
MarkdownTable tsv_table(const std::string& file, const std::vector<std::string>& header) {
  const auto rows = read_tsv(file);
  if (rows.empty() || rows[0] != header) {
    std::string want;
    for (const std::string& h : header) want += (want.empty() ? "" : ", ") + h;
    throw IoError(file + ": the first line must be the tab-separated header: " + want);
  }
  MarkdownTable t{header, {}};
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != header.size())
      throw IoError(file + ": line " + std::to_string(i + 1) + " has " + std::to_string(rows[i].size()) +
                    " cells, the header " + std::to_string(header.size()));
    t.rows.push_back(rows[i]);
  }
  return t;
}

bool file_exists(const std::string& f) { return !f.empty() && std::ifstream(f).good(); }

}  // namespace

std::string code_verification_markdown(const std::vector<CodeCase>& cases) {
  int passed = 0;
  for (const CodeCase& c : cases) passed += c.pass();
  std::ostringstream md;
  md << "## 1. Code verification\n\n"
     << "Each force element and solver against an analytic or manufactured reference. The error "
        "is the largest over the samples; the test named in the last column calls the same "
        "function (`patella::validation::verify_*`) and fails if the error exceeds the tolerance. "
     << passed << " of " << cases.size() << " cases pass.\n\n";
  MarkdownTable t{{"element", "case (reference)", "quantity", "samples", "max error", "tolerance", "unit", "pass",
                   "asserted by (tests/)"},
                  {}};
  for (const CodeCase& c : cases)
    t.rows.push_back({c.element, c.reference, c.quantity, std::to_string(c.samples), sci(c.error), sci(c.tolerance),
                      c.unit, c.pass() ? "pass" : "**FAIL**", "`" + c.test + "`"});
  md << to_markdown(t)
     << "\nThe Thelen 2003 curves (used only to turn a reference simulation's activations into "
        "forces in the validation) have no derivative functions, so no slope is checked for them.\n\n";
  return md.str();
}

std::string knee_study_markdown(const KneeStudy& s, const std::string& title, const std::string& intro,
                                const std::string& what_changes) {
  std::ostringstream md;
  md << title << "\n\n" << intro << "\n\n";
  MarkdownTable t{{"knee flexion (deg)", what_changes, "triangles (patella x femur)"}, {}};
  for (int k = 0; k < 5; ++k) t.header.push_back(knee_output_name(k));
  t.header.insert(t.header.end(), {"converged", "iterations", "residual (N)"});
  MarkdownTable d{{"knee flexion (deg)", what_changes}, {}};
  for (int k = 0; k < 5; ++k)
    d.header.push_back("change in " + lower_name(knee_output_name(k)) +
                       (knee_relative(k) ? " (%)" : " (" + unit_of(knee_output_name(k)) + ")"));
  int unconverged = 0;
  for (std::size_t a = 0; a < s.flexion_deg.size(); ++a)
    for (std::size_t i = 0; i < s.settings.size(); ++i) {
      const KneeSetting& g = s.settings[i];
      const KneeOutputs& o = g.at[a];
      std::vector<std::string> row{format_fixed(s.flexion_deg[a], 0), g.label,
                                   std::to_string(g.patellar_triangles) + " x " + std::to_string(g.femoral_triangles)};
      for (int k = 0; k < 5; ++k) row.push_back(format_fixed(knee_output(o, k), k == 1 || k == 2 ? 4 : 3));
      row.insert(row.end(), {o.converged ? "yes" : "**no**", std::to_string(o.iterations), sci(o.residual_N)});
      unconverged += !o.converged;
      t.rows.push_back(row);
      if (i + 1 == s.settings.size()) continue;
      std::vector<std::string> drow{format_fixed(s.flexion_deg[a], 0), g.label};
      for (int k = 0; k < 5; ++k)
        drow.push_back(change_text(change(knee_output(o, k), knee_output(s.settings.back().at[a], k), knee_relative(k)),
                                   knee_relative(k), unit_of(knee_output_name(k))));
      d.rows.push_back(drow);
    }
  md << to_markdown(t) << "\nChange from the last setting (" << s.settings.back().label << "), the reference:\n\n"
     << to_markdown(d) << "\n";
  // the conclusion, from the numbers: each coarser setting's largest change over the angles
  md << "**Conclusion (computed):** ";
  for (std::size_t i = 0; i + 1 < s.settings.size(); ++i) {
    md << (i ? "; " : "") << what_changes << " " << s.settings[i].label << " differs from "
       << s.settings.back().label << " by at most ";
    for (int k = 0; k < 5; ++k) {
      double at = 0.0;
      const double c = knee_max_change(s, i, k, &at);
      md << (k ? (k == 4 ? " and " : ", ") : "") << sig(c, false)
         << (knee_relative(k) ? " %" : " " + unit_of(knee_output_name(k))) << " in "
         << lower_name(knee_output_name(k)) << " (at " << format_fixed(at, 0) << " deg)";
    }
  }
  md << ". " << (unconverged ? std::to_string(unconverged) + " equilibria did not converge." : "Every equilibrium converged.")
     << "\n\n";
  return md.str();
}

std::string gait_study_markdown(const GaitStudy& s, const std::string& title, const std::string& intro,
                                const std::string& what_changes) {
  std::ostringstream md;
  md << title << "\n\n" << intro << "\n\n";
  MarkdownTable t{{what_changes, "frames", "unconverged patella frames"}, {}};
  for (int k = 0; k < 4; ++k) t.header.push_back(gait_output_name(k));
  t.header.push_back("peak PF force at (% cycle)");
  for (int k = 0; k < 4; ++k)
    t.header.push_back("change in " + lower_name(gait_output_name(k)) +
                       (gait_relative(k) ? " (%)" : " (" + unit_of(gait_output_name(k)) + ")"));
  const GaitSetting& ref = s.settings.back();
  std::vector<std::string> findings;
  for (const GaitSetting& g : s.settings) {
    if (!g.out.ran) {
      std::vector<std::string> row{g.label, "-", "-"};
      row.resize(t.header.size(), "-");
      row[3] = "run stopped: " + g.out.error;
      t.rows.push_back(row);
      findings.push_back(g.label + ": the run stopped (" + g.out.error + ")");
      continue;
    }
    std::string unconv = std::to_string(g.out.unconverged_frames);
    for (std::size_t i = 0; i < g.out.unconverged_percent.size(); ++i)
      unconv += (i ? ", " : " (at ") + format_fixed(g.out.unconverged_percent[i], 1) + " %" +
                (i + 1 == g.out.unconverged_percent.size() ? ")" : "");
    std::vector<std::string> row{g.label, std::to_string(g.out.frames), unconv};
    for (int k = 0; k < 4; ++k) row.push_back(format_fixed(gait_output(g.out, k), 4));
    row.push_back(format_fixed(g.out.peak_pf_percent, 1));
    for (int k = 0; k < 4; ++k)
      row.push_back(!ref.out.ran || &g == &ref ? "-"
                    : change_text(change(gait_output(g.out, k), gait_output(ref.out, k), gait_relative(k)),
                                  gait_relative(k), unit_of(gait_output_name(k))));
    t.rows.push_back(row);
    if (g.out.unconverged_frames) {
      std::string where;
      for (std::size_t i = 0; i < g.out.unconverged_percent.size(); ++i)
        where += (i ? ", " : "") + format_fixed(g.out.unconverged_percent[i], 1) + " % (knee flexion " +
                 format_fixed(g.out.unconverged_knee_deg[i], 1) + " deg)";
      findings.push_back(g.label + ": the patella's equilibrium did not converge at " + where +
                         "; the frame is flagged in the run's `converged` column");
    }
    for (const std::string& n : g.out.notes) {
      bool common = true;
      for (const GaitSetting& other : s.settings)
        common = common && std::find(other.out.notes.begin(), other.out.notes.end(), n) != other.out.notes.end();
      if (!common) findings.push_back(g.label + ": " + n);
    }
  }
  md << to_markdown(t) << "\n";
  md << "**Conclusion (computed):** ";
  if (!ref.out.ran) {
    md << "the reference setting did not run, so no change is computed.";
  } else {
    bool first = true;
    for (const GaitSetting& g : s.settings) {
      if (&g == &ref || !g.out.ran) continue;
      md << (first ? "" : "; ") << what_changes << " " << g.label << " differs from " << ref.label << " by ";
      for (int k = 0; k < 4; ++k)
        md << (k ? (k == 3 ? " and " : ", ") : "")
           << sig(std::abs(change(gait_output(g.out, k), gait_output(ref.out, k), gait_relative(k))), false)
           << (gait_relative(k) ? " %" : " " + unit_of(gait_output_name(k))) << " in "
           << lower_name(gait_output_name(k));
      first = false;
    }
    md << ".";
  }
  md << "\n\n";
  if (!findings.empty()) {
    md << "What the runs reported (beyond what every run notes):\n\n";
    for (const std::string& f : findings) md << "- " << f << "\n";
    md << "\n";
  }
  return md.str();
}

Figure knee_study_figure(const KneeStudy& s, const std::string& file, const std::string& x_label, bool log_x) {
  Figure f{file, file.substr(0, file.rfind('.')), {}, 1500, 820};
  for (int k = 0; k < 5; ++k) {
    Panel p{knee_output_name(k), x_label, knee_output_name(k), {}};
    for (std::size_t a = 0; a < s.flexion_deg.size(); ++a) {
      Series ser{format_fixed(s.flexion_deg[a], 0) + " deg", {}, {}, false};
      for (const KneeSetting& g : s.settings) {
        ser.x.push_back(log_x ? std::log10(g.parameter) : g.parameter);
        ser.y.push_back(knee_output(g.at[a], k));
      }
      p.series.push_back(ser);
    }
    f.panels.push_back(p);
  }
  return f;
}

Figure gait_study_figure(const GaitStudy& s, const std::string& file) {
  Figure f{file, file.substr(0, file.rfind('.')), {}, 1500, 820};
  const GaitOutputs& ref = s.settings.back().out;
  // a curve minus the reference's, linearly interpolated onto this curve's gait percents
  auto minus_ref = [&](const std::vector<double>& x, const std::vector<double>& y,
                       const std::vector<double>& ry) {
    std::vector<double> d;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto it = std::lower_bound(ref.percent.begin(), ref.percent.end(), x[i]);
      const std::size_t j = std::min<std::size_t>(std::max<std::ptrdiff_t>(it - ref.percent.begin(), 1),
                                                  ref.percent.size() - 1);
      const double w = (x[i] - ref.percent[j - 1]) / (ref.percent[j] - ref.percent[j - 1]);
      d.push_back(y[i] - (ry[j - 1] + w * (ry[j] - ry[j - 1])));
    }
    return d;
  };
  Panel pf{"PF contact force", "gait cycle (%)", "PF contact force (BW)", {}},
      dpf{"PF contact force minus the reference's", "gait cycle (%)", "difference (BW)", {}},
      sh{"lateral shift", "gait cycle (%)", "lateral shift (mm)", {}},
      dsh{"lateral shift minus the reference's", "gait cycle (%)", "difference (mm)", {}};
  for (const GaitSetting& g : s.settings) {
    if (!g.out.ran) continue;
    pf.series.push_back({g.label, g.out.percent, g.out.pf_bw, false});
    sh.series.push_back({g.label, g.out.percent, g.out.shift_mm, false});
    if (&g == &s.settings.back() || !ref.ran || ref.percent.size() < 2) continue;
    dpf.series.push_back({g.label, g.out.percent, minus_ref(g.out.percent, g.out.pf_bw, ref.pf_bw), false});
    dsh.series.push_back({g.label, g.out.percent, minus_ref(g.out.percent, g.out.shift_mm, ref.shift_mm), false});
  }
  f.panels = {pf, dpf, sh, dsh};
  return f;
}

std::string robustness_markdown(const std::string& fuzz, const std::string& faults) {
  std::ostringstream md;
  md << "## 3. Robustness\n\n"
     << "These two sections are read from files other scripts write; the numbers in them (and "
        "their dates) change from run to run.\n\n### 3.1 Fuzzing of the readers\n\n";
  const std::vector<std::string> fuzz_header{"target",  "reader",          "executions",    "seconds",
                                             "crashes", "hangs",           "library_crashes", "corpus_inputs",
                                             "coverage_edges", "date"};
  if (!file_exists(fuzz)) {
    md << "Not yet run: `" << (fuzz.empty() ? "docs/verification/fuzz_figures.tsv" : fuzz)
       << "` (written by `scripts/fuzz`) is absent.\n\n";
  } else {
    const MarkdownTable t = tsv_table(fuzz, fuzz_header);
    md << "From `" << fuzz << "` (written by `scripts/fuzz`), " << t.rows.size() << " target(s). "
       << "`crashes` and `hangs` are inputs that failed in patella's code: each was fixed and is "
          "replayed by ctest from `tests/fuzz/regressions/<target>/`. `library_crashes` failed "
          "inside libhdf5 1.10.8 on a damaged file; they cannot be fixed here and are listed in "
          "`tests/fuzz/upstream/README.md`.\n\n"
       << to_markdown(t) << "\n";
  }
  md << "### 3.2 Fault injection\n\n";
  if (faults.empty() || !file_exists(faults)) {
    md << "Not yet run: no fault-injection results were given (`patella verify --fault-results "
          "FILE`; `./scripts/verification` runs the tests tagged `[fault]` and passes their "
          "results).\n\n";
  } else {
    const MarkdownTable t = tsv_table(faults, {"test", "result", "seconds"});
    if (t.rows.empty()) {
      md << "The build's `patella_tests` has no test tagged `[fault]` yet (`" << faults
         << "` lists none), so no fault was injected.\n\n";
    } else {
      int passed = 0;
      for (const auto& r : t.rows) passed += r[1] == "passed";
      md << passed << " of " << t.rows.size() << " tests tagged `[fault]` passed (from `" << faults << "`):\n\n"
         << to_markdown(t) << "\n";
    }
  }
  return md.str();
}

VerificationReport run_verification(const VerificationOptions& o) {
  auto progress = [&](const std::string& m) {
    if (o.progress) o.progress(m);
  };
  const std::unique_ptr<Model> model = compile(load_model_spec(o.model_dir));
  const std::string running = o.scenarios_dir + "/baseline_running.yaml";
  VerificationReport r;
  r.cases = code_verification(*model, o.progress);
  progress("contact mesh refinement");
  r.mesh = mesh_refinement_study(o.model_dir, o.mesh_levels, o.progress);
  progress("equilibrium solver tolerance");
  r.tolerance = solver_tolerance_study(*model, o.progress);
  r.gait_integrator = gait_integrator_study(running, o.progress);
  r.gait_frames = gait_frames_study(running, o.gait_frames, o.progress);
  r.figures = {knee_study_figure(r.mesh, "verification_mesh_refinement.png", "subdivisions of the cartilage meshes", false),
               knee_study_figure(r.tolerance, "verification_solver_tolerance.png", "log10 force tolerance (N)", true),
               gait_study_figure(r.gait_integrator, "verification_gait_integrator.png"),
               gait_study_figure(r.gait_frames, "verification_gait_frames.png")};
  auto link = [&](const Figure& f) { return o.link_figures ? figure_link(f, o.figures_link) : std::string(); };

  std::ostringstream md;
  md << "Regenerate with `./scripts/verification` (builds, runs the tests tagged `[fault]`, then "
        "`patella verify`; writes this file and `"
     << o.figures_link << "/verification_*.png`). Every number below comes from that run.\n\n"
     << "# Verification of patella\n\n"
     << "Verification in the sense of ASME V&V 40-2018: **code verification** (are the equations "
        "solved as written? each force element and solver against an analytic or manufactured "
        "reference) and **calculation verification** (are the discretisation and tolerances fine "
        "enough? how the results move when they are refined), as FEBio's verification suite does "
        "(Maas et al. 2012, J Biomech Eng 134:011005). Validation against measurements is in ["
     << o.validation_link << "](" << o.validation_link << ").\n\n"
     << "Model: `" << o.model_dir << "` (" << model->contact.casting.centroid.size() << " patellar x "
     << model->contact.target.a.size() << " femoral cartilage triangles); gait: `" << running << "`.\n\n";
  md << code_verification_markdown(r.cases) << "## 2. Calculation verification\n\n";
  md << knee_study_markdown(
            r.mesh, "### 2.1 Contact mesh refinement",
            "The patellar and femoral cartilage meshes subdivided 0 to " + std::to_string(o.mesh_levels) +
                " times (each triangle into four by its edge midpoints, `subdivide` in "
                "`core/mesh_subdivide.hpp`): the surfaces are unchanged, only the elastic foundation's "
                "quadrature (one contact point per patellar triangle) and the femoral triangles the "
                "rays hit are refined. The knee solved at 30, 60 and 90 deg under " +
                format_fixed(r.mesh.quadriceps_N, 0) +
                " N of quadriceps (PCSA split, as `patella knee --quadriceps 500`), one sweep from "
                "the default pose. Peak pressure is one triangle's value, so it depends on the "
                "quadrature more than the integrals do.",
            "mesh level")
     << link(r.figures[0]);
  md << knee_study_markdown(
            r.tolerance, "### 2.2 Equilibrium solver tolerance",
            "The same poses and load on the shipped mesh, with the solver's force tolerance 1e-3 N "
            "(default), 1e-4 and 1e-5 N and its moment tolerance scaled likewise "
            "(`SolverOptions`, `mechanics/equilibrium.hpp`); the last is the reference.",
            "tolerance")
     << link(r.figures[1]);
  md << gait_study_markdown(
            r.gait_integrator, "### 2.3 Gait: activation integrator tolerance",
            "`" + running + "` with the activation integrator's absolute and relative tolerances "
            "(`GaitOptions::integrator_abs_tol`, `integrator_rel_tol`, Dormand-Prince 5(4)) at the "
            "default, /10 and /100; the last is the reference. Section D4 of the validation "
            "compares steppers against a 1e-9 reference. Stance means are over the frames up to "
            "toe-off.",
            "tolerance")
     << link(r.figures[2]);
  md << gait_study_markdown(
            r.gait_frames, "### 2.4 Gait: frames per cycle",
            "`" + running + "` with " + [&] {
              std::string l;
              for (std::size_t i = 0; i < o.gait_frames.size(); ++i)
                l += (i ? (i + 1 == o.gait_frames.size() ? " and " : ", ") : "") + std::to_string(o.gait_frames[i]);
              return l;
            }() + " frames per cycle (`output.frames_per_cycle`): the frames are where static "
                  "optimisation, the muscle-patella iteration and the patella's equilibrium are "
                  "solved; the activation integrator interpolates the static-optimisation "
                  "activations between them. The last is the reference. A peak taken over coarser "
                  "frames can miss the true peak between them.",
            "frames per cycle")
     << link(r.figures[3]);
  md << robustness_markdown(o.fuzz_figures, o.fault_results);
  r.markdown = md.str();
  return r;
}

}  // namespace patella::validation
