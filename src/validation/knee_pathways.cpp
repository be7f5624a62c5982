// The knee's lateral pathways in the report (see knee_pathways.hpp).
#include "patella/validation/knee_pathways.hpp"

#include <cmath>
#include <sstream>

#include "patella/compiler/compile.hpp"
#include "patella/core/conventions.hpp"
#include "patella/io/load_model.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/validation/dynamic_mri.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/passive_flexion.hpp"

namespace patella::validation {

namespace {

constexpr double kRigLoad = 175.0;  // [N] Merican, Iranpour & Amis 2009; Senavongse & Amis 2005

SweepRow solve(const Model& m, double deg, double itb, double stability, double quadriceps = kRigLoad,
               const char* unload = nullptr) {
  SweepOptions s;
  s.flexion = {deg_to_rad(deg)};
  s.loads.quadriceps = quadriceps_split(m, quadriceps);
  if (unload) set_muscle_force(m, s.loads.quadriceps, unload, 0.0);
  s.loads.itb_tension = itb;
  s.stability_shift = stability;
  return run_sweep(m, s).front();
}

// the ITB's effect at 60 deg and the node's travel 0 -> 45 deg, both under 90 N
SweepPoint itb_effect(const Model& m, double value) {
  SweepPoint p;
  p.value = value;
  const SweepRow a = solve(m, 60.0, 0.0, 10e-3), b = solve(m, 60.0, 90.0, 10e-3);
  p.lateral_change = b.lateral_stability - a.lateral_stability;
  p.medial_change = b.medial_stability - a.medial_stability;
  p.node_posterior_mm = -1e3 * (solve(m, 45.0, 90.0, 0.0).itb_node_offset.x() - solve(m, 0.0, 90.0, 0.0).itb_node_offset.x());
  return p;
}

std::unique_ptr<Model> variant(const std::string& dir, const ModelLoadOptions& o,
                               void (*edit)(ModelSpec&, double) = nullptr, double value = 0.0) {
  ModelSpec spec = load_model_spec(dir, o);
  if (edit) edit(spec, value);
  return compile(std::move(spec));
}

}  // namespace

KneePathways validate_knee_pathways(const std::string& dir, const PassiveReference& ref,
                                    const std::string& mri_file) {
  KneePathways r;
  struct V {
    const char* label;
    ModelLoadOptions options;
    bool itb;
  };
  const std::vector<V> variants{
      {"as the .osim builds it (no heads, .osim ligaments, no ITB pathway)", {false, std::string("osim")}, false},
      {"+ VMO/VML/VLO/VLL heads", {true, std::string("osim")}, false},
      {"+ ITB pathway (node, Kaplan, iliopatellar band)", {true, std::string("osim")}, true},
      {"+ measured patellar tendon (shipped)", {}, true},
      {"+ measured retinaculum too (MPFL, LPFL)", {std::nullopt, std::string("measured")}, true}};
  for (const V& v : variants) {
    ModelSpec spec = load_model_spec(dir, v.options);
    spec.itb_link.enabled = spec.itb_link.enabled && v.itb;
    const std::unique_ptr<Model> m = compile(std::move(spec));
    KneeVariant kv;
    kv.label = v.label;
    SweepOptions so;
    for (double d = 0; d <= 90.0 + 1e-9; d += 2.0) so.flexion.push_back(deg_to_rad(d));
    so.loads = passive_tone_loads(*m);
    const std::vector<SweepRow> rows = run_sweep(*m, so);
    for (int k = 0; k < 6; ++k) kv.passive_rms[k] = rms_against_reference(rows, ref, k);
    kv.mri_rms = validate_dynamic_mri(*m, mri_file, ref).rms_ours;
    r.variants.push_back(kv);
  }

  const std::unique_ptr<Model> shipped = compile(load_model_spec(dir));
  for (double deg : {0.0, 15.0, 30.0, 45.0, 60.0, 75.0, 90.0}) {
    const SweepRow a = solve(*shipped, deg, 0.0, 10e-3), b = solve(*shipped, deg, 90.0, 10e-3);
    r.stability.push_back({deg, a.lateral_stability, a.medial_stability, b.lateral_stability, b.medial_stability});
  }
  for (double deg : {0.0, 15.0, 30.0, 60.0, 90.0}) {
    const SweepRow a = solve(*shipped, deg, 0.0, 0.0), b = solve(*shipped, deg, 0.0, 0.0, kRigLoad, "vmo_r");
    r.vmo.push_back({deg, 1e3 * (b.pf[kPfTz] - a.pf[kPfTz]),
                     rad_to_deg(lateral_tilt_from_pf(b.pf.data()) - lateral_tilt_from_pf(a.pf.data())),
                     b.contact.lateral_fraction - a.contact.lateral_fraction});
  }
  for (double k : {1.0, 3.0, 10.0, 30.0, 100.0, 1000.0})
    r.kaplan.push_back(itb_effect(*variant(dir, {}, [](ModelSpec& s, double v) { s.itb_link.kaplan_stiffness = 1e3 * v; }, k), k));
  for (double e : {-0.04, -0.02, 0.0, 0.02, 0.04})
    r.reference_strain.push_back(itb_effect(*variant(dir, {}, [](ModelSpec& s, double v) { s.itb_link.reference_strain = v; }, e), e));
  for (double deg : {20.0, 35.0, 50.0}) {
    const std::unique_ptr<Model> m = variant(dir, {}, [](ModelSpec& s, double v) {
      for (MuscleSpec& mu : s.muscles)
        if (mu.name == "vlo_r") mu.frontal_angle = deg_to_rad(v);
    }, deg);
    SweepPoint p = itb_effect(*m, deg);
    p.vmo_shift_mm = 1e3 * (solve(*m, 0.0, 0.0, 0.0, kRigLoad, "vmo_r").pf[kPfTz] - solve(*m, 0.0, 0.0, 0.0).pf[kPfTz]);
    r.vlo_angle.push_back(p);
  }

  // the patellar tendon under a running load: 4.5 kN of quadriceps at 45 deg (Roos et al. 2012:
  // peak PF force at 44 deg of stance flexion)
  for (const char* use : {"osim", "overlay"}) {
    ModelLoadOptions o;
    o.ligament_stiffness = use;
    const std::unique_ptr<Model> m = compile(load_model_spec(dir, o));
    SweepOptions so;
    so.flexion = {deg_to_rad(45.0)};
    so.loads = passive_tone_loads(*m);
    const SweepRow rest = run_sweep(*m, so).front();
    const SweepRow run = solve(*m, 45.0, 0.0, 0.0, 4500.0);
    TendonElongation t{std::string(use) == "osim" ? ".osim PT1-6 (386 N/mm)" : "measured (1076 N/mm, shipped)", 4500.0, 45.0};
    int n = 0;
    for (std::size_t i = 0; i < m->ligaments.size(); ++i) {
      const PatellaLigament& L = m->ligaments[i];
      if (L.name.rfind("PT", 0) != 0) continue;
      auto length = [&](const SweepRow& row) {
        KneePose pose;
        pose.knee_flexion = row.knee_flexion;
        const KneeFrames fr = compute_knee_frames(*m, pose);
        return ((row.state.X_FK * L.p_K) - fr.X_FB[L.other_body_index] * L.p_B).norm();
      };
      t.tendon_force_N += run.ligament_tension[i];
      t.elongation_mm += 1e3 * (length(run) - length(rest));
      ++n;
    }
    t.elongation_mm /= std::max(n, 1);
    t.patella_height_mm = 1e3 * (run.pf[kPfTy] - rest.pf[kPfTy]);
    r.tendon.push_back(t);
  }
  return r;
}

std::string knee_pathways_markdown(const KneePathways& r) {
  auto f = [](double v, int digits = 1) { return format_fixed(v, digits); };
  std::ostringstream md;
  md << "## A0. The knee's lateral pathways (PHYSICS.md 5.3-5.4)\n\n"
     << "What each pathway added in issue 12 does to the section-A comparisons: passive flexion "
        "(tone only, shipped tibiofemoral coupling) against the JAM reference, and the in vivo "
        "dynamic MRI of this knee. RMS differences; the first row is the knee as `lenhart2015.osim` "
        "builds it, the last the shipped model.\n\n";
  MarkdownTable t{{"knee", "passive pf_tz [mm]", "passive tilt [deg]", "passive pf_flex [deg]",
                   "MRI pf_tz [mm]", "MRI tilt [deg]", "MRI pf_flex [deg]", "MRI pf_ty [mm]"}, {}};
  for (const KneeVariant& v : r.variants)
    t.rows.push_back({v.label, f(v.passive_rms[kPfTz], 2), f(v.passive_rms[kPfTilt], 2), f(v.passive_rms[kPfFlex], 2),
                      f(v.mri_rms[kPfTz], 2), f(v.mri_rms[kPfTilt], 2), f(v.mri_rms[kPfFlex], 2), f(v.mri_rms[kPfTy], 2)});
  md << to_markdown(t) << "\n";

  md << "### Patellar tendon under a running load\n\n"
     << "4.5 kN of quadriceps (five-head split) at 45 deg, against the tone-only equilibrium at the "
        "same angle. In vivo: 5.0 +- 0.5 mm at 5453 N (1076 N/mm; O'Brien et al. 2010).\n\n";
  MarkdownTable te{{"tendon", "PT force [N]", "mean PT elongation [mm]", "in vivo at that force [mm]",
                    "patella moves superiorly [mm]"}, {}};
  for (const TendonElongation& x : r.tendon)
    te.rows.push_back({x.label, f(x.tendon_force_N, 0), f(x.elongation_mm, 2), f(x.tendon_force_N / 1076.0, 2),
                       f(x.patella_height_mm, 2)});
  md << to_markdown(te) << "\n";

  md << "### Lateral and medial stability at 175 N\n\n"
     << "The push that holds the patella 10 mm lateral or medial of its equilibrium, its other five "
        "coordinates free, with 0 and 90 N on the iliotibial band (the loads of Merican, Iranpour & "
        "Amis 2009, who measured 82-101 N laterally without band tension over 0-90 deg, up to 25 % "
        "less with it at 60 deg, and up to 50 % more medially at 90 deg).\n\n";
  MarkdownTable ts{{"knee [deg]", "lateral, ITB 0 [N]", "lateral, ITB 90 [N]", "medial, ITB 0 [N]", "medial, ITB 90 [N]"}, {}};
  for (const StabilityPoint& s : r.stability)
    ts.rows.push_back({format_plain(s.knee_deg), f(s.lateral_0), f(s.lateral_90), f(s.medial_0), f(s.medial_90)});
  md << to_markdown(ts) << "\n";

  md << "### Unloading the VMO at 175 N\n\n"
     << "Change when the VMO's share (7.25 % of 175 N) is removed, the other heads unchanged. "
        "Cadavers: 4.2 mm lateral (Goh et al. 1995); +4 mm and +2.8 deg at 205 N with the ITB "
        "loaded (J Exp Orthop 2018).\n\n";
  MarkdownTable tv{{"knee [deg]", "lateral shift [mm]", "lateral tilt [deg]", "lateral facet share"}, {}};
  for (const VmoPoint& v : r.vmo)
    tv.rows.push_back({format_plain(v.knee_deg), f(v.shift_mm, 3), f(v.tilt_deg, 3), f(v.lateral_share, 3)});
  md << to_markdown(tv) << "\n";

  md << "### Sensitivity to the parameters nobody has measured\n\n"
     << "At 60 deg and 175 N: how 90 N of band tension changes the 10 mm lateral and medial pushes, "
        "and how far it moves the band's node posteriorly from 0 to 45 deg (in vivo 3.8-7.1 mm, "
        "Jelsing et al. 2013).\n\n";
  auto sweep_table = [&](const char* name, const std::vector<SweepPoint>& pts, int digits) {
    MarkdownTable s{{name, "lateral change [N]", "medial change [N]", "node posterior 0-45 deg [mm]"}, {}};
    for (const SweepPoint& p : pts)
      s.rows.push_back({format_fixed(p.value, digits), f(p.lateral_change), f(p.medial_change), f(p.node_posterior_mm)});
    md << to_markdown(s) << "\n";
  };
  sweep_table("Kaplan stiffness [N/mm] (shipped 10)", r.kaplan, 0);
  sweep_table("iliopatellar reference strain (shipped 0)", r.reference_strain, 2);
  MarkdownTable tl{{"VLO frontal angle [deg] (shipped 35)", "lateral change [N]", "medial change [N]",
                    "VMO unloaded at 0 deg: shift [mm]"}, {}};
  for (const SweepPoint& p : r.vlo_angle)
    tl.rows.push_back({format_plain(p.value), f(p.lateral_change), f(p.medial_change), f(p.vmo_shift_mm, 3)});
  md << to_markdown(tl) << "\n";
  return md.str();
}

}  // namespace patella::validation
