// patella knee: a knee-flexion sweep of patellar equilibria.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/results_writer.hpp"
#include "patella/core/strings.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/session/provenance.hpp"
#include "patella/compiler/compile.hpp"
#ifdef PATELLA_HAVE_VIZ
#include "patella/viz/plots.hpp"
#include "viz_module.hpp"
#endif

namespace patella::cli {

namespace {
const char* kHelp =
    "patella knee: flexion sweep of the patella's quasi-static equilibrium\n"
    "\n"
    "  --model DIR              model folder (default models/lenhart2015)\n"
    "  --flexion FROM:TO:STEP   knee flexion angles [deg] (default 0:90:10), or one angle\n"
    "  --quadriceps N           total quadriceps tendon force [N], split by PCSA (Farahmand 1998):\n"
    "                           vastus lateralis 40 %, medialis 25 %, rectus femoris and\n"
    "                           intermedius 17.5 % each; a vastus split into heads shares its part\n"
    "                           by their F0: VLL 32, VLO 8, VML 17.75, VMO 7.25 % (the five-head\n"
    "                           cadaver-rig loading, RF + VI 35 %). Without it and without --muscle:\n"
    "                           each at its .osim minimum_activation x F0 (passive tone)\n"
    "  --muscle NAME=N          force of one quadriceps or head [N], e.g. vmo_r=0; an .osim\n"
    "                           muscle split into heads (vasmed_r) sets all of them, shared by F0\n"
    "                           (repeatable; applied after --quadriceps)\n"
    "  --quadriceps-heads on|off  split the vasti into the model overlay's oblique and long heads\n"
    "                           (default: as models/<model>/patella.yaml says; lenhart2015: on)\n"
    "  --ligament-stiffness overlay|osim|measured  patellar tendon and retinaculum stiffness: as\n"
    "                           the overlay chooses per group (default; lenhart2015: the tendon\n"
    "                           measured, 1076 N/mm, the retinaculum the .osim's), all the .osim's,\n"
    "                           or all measured (PT 1076, MPFL 42.5, LPFL 16 N/mm)\n"
    "  --itb N                  tension applied to the iliotibial band [N]; reaches the patella\n"
    "                           through the band's node at the epicondyle and the iliopatellar band\n"
    "  --push-lateral N         external force on the patella, + lateral [N]\n"
    "  --stability MM           also report the push needed to move the patella MM laterally\n"
    "                           and medially from equilibrium (other five coordinates free)\n"
    "  --hip-flexion DEG, --hip-adduction DEG, --hip-rotation DEG   hip angles (default 0)\n"
    "  --femoral-internal-rotation DEG   turn the femur internally on the tibia (default 0)\n"
    "  --quadriceps-line DEG    swing the quadriceps line of action laterally (Q angle +)\n"
    "  --tibiofemoral solved|coupled  the tibia's knee_add, knee_rot, knee_tx/ty/tz: solved with\n"
    "                           the patella from tibiofemoral contact, ligaments, patellar tendon\n"
    "                           and the shank's weight (pelvis upright), or from the passive\n"
    "                           coupling table (default: coupled)\n"
    "  --csv FILE               write the sweep as CSV\n"
    "  --out FILE.h5            write the sweep as HDF5 (with units and per-triangle pressure)\n"
    "  --png FILE.png           plot lateral shift, tilt and contact force against flexion\n"
    "  --quiet                  no table, no progress\n"
    "\n"
    "Exit codes: 0 ok; 1 bad model or file; 2 bad flag; 3 some pose did not converge.\n";

}  // namespace

int cmd_knee(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--model", true}, {"--flexion", true},
                             {"--quadriceps", true}, {"--muscle", true}, {"--itb", true},
                             {"--push-lateral", true}, {"--stability", true}, {"--csv", true},
                             {"--out", true}, {"--png", true}, {"--quiet", false},
                             {"--hip-flexion", true}, {"--hip-adduction", true},
                             {"--hip-rotation", true}, {"--femoral-internal-rotation", true},
                             {"--quadriceps-line", true}, {"--quadriceps-heads", true},
                             {"--ligament-stiffness", true}, {"--tibiofemoral", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  // check every flag before any work
  const std::vector<double> flex_deg =
      parse_range_deg("--flexion", a.str("--flexion", "0:90:10"), -10.0, 120.0);
  const bool quiet = a.has("--quiet");
  SweepOptions opt;
  for (double d : flex_deg) opt.flexion.push_back(deg_to_rad(d));
  opt.loads.itb_tension = a.number("--itb", 0.0, 0.0, 5000.0);
  opt.loads.push_lateral = a.number("--push-lateral", 0.0, -2000.0, 2000.0);
  opt.stability_shift = 1e-3 * a.number("--stability", 0.0, 0.0, 20.0);
  opt.pose.hip_flexion = deg_to_rad(a.number("--hip-flexion", 0.0, -30.0, 120.0));
  opt.pose.hip_adduction = deg_to_rad(a.number("--hip-adduction", 0.0, -30.0, 30.0));
  opt.pose.hip_rotation = deg_to_rad(a.number("--hip-rotation", 0.0, -40.0, 40.0));
  opt.pose.knee_rotation_offset = -deg_to_rad(a.number("--femoral-internal-rotation", 0.0, -30.0, 30.0));
  opt.loads.quadriceps_line_rotation = deg_to_rad(a.number("--quadriceps-line", 0.0, -30.0, 30.0));
  const std::string tf_choice = a.str("--tibiofemoral", "coupled");
  if (tf_choice != "solved" && tf_choice != "coupled")
    throw UsageError("--tibiofemoral: '" + tf_choice + "' is not solved or coupled" +
                     did_you_mean(tf_choice, std::vector<std::string>{"solved", "coupled"}));
  opt.solver.solve_tibiofemoral = tf_choice == "solved";
  const std::string csv = a.str("--csv", ""), h5 = a.str("--out", ""), png = a.str("--png", "");
#ifndef PATELLA_HAVE_VIZ
  if (!png.empty()) throw UsageError("--png: this build has no VTK (PATELLA_BUILD_VIZ=OFF)");
#else
  if (!png.empty()) viz_module();  // a missing pictures module is said before the sweep
#endif

  // an output that cannot be written is found before any work, not after the sweep
  for (const auto& [flag, path] : {std::pair<const char*, std::string>{"--csv", csv}, {"--out", h5}, {"--png", png}}) {
    if (path.empty()) continue;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent))
      throw IoError(std::string(flag) + ": folder '" + parent.string() + "' of " + path + " does not exist");
  }

  const std::string dir = a.str("--model", default_model_dir());
  ModelLoadOptions load_options;
  if (a.has("--quadriceps-heads")) {
    const std::string v = a.str("--quadriceps-heads", "");
    if (v != "on" && v != "off") throw UsageError("--quadriceps-heads: '" + v + "' is not on or off");
    load_options.quadriceps_heads = v == "on";
  }
  if (a.has("--ligament-stiffness")) {
    const std::string v = a.str("--ligament-stiffness", "");
    if (v != "osim" && v != "measured" && v != "overlay")
      throw UsageError("--ligament-stiffness: '" + v + "' is not osim, measured or overlay");
    load_options.ligament_stiffness = v;
  }
  const std::unique_ptr<Model> model = compile(load_model_spec(dir, load_options));
  const KneeNames& names = model->names;

  // the .osim's own range of the knee's flexion coordinate (the joint's first) bounds the sweep
  if (const JointSpec* knee = model->spec.find_joint(names.knee_joint);
      knee && !knee->coordinates.empty()) {
    const CoordinateSpec& c = knee->coordinates.front();
    if (c.range_max > c.range_min)
      for (double d : flex_deg)
        if (deg_to_rad(d) < c.range_min - 1e-9 || deg_to_rad(d) > c.range_max + 1e-9)
          throw UsageError("--flexion: " + fmt(d) + " deg is outside the range of coordinate '" +
                           c.name + "' in " + model->spec.source_file + " (" +
                           fmt(rad_to_deg(c.range_min)) + " to " + fmt(rad_to_deg(c.range_max)) +
                           " deg)");
  }

  // the tibiofemoral coupling is measured over a range; outside it (beyond 1 deg) it would
  // only be extrapolated, so refuse (a solved tibia only starts from it)
  const TibiofemoralSpec& tf = model->spec.tibiofemoral;
  if (opt.solver.solve_tibiofemoral && !model->has_tf_contact)
    throw UsageError("--tibiofemoral solved: " + model->spec.source_file + " has no contact '" +
                     names.tf_contact + "' between tibia and femur");
  if (tf.mode == "coupled" && !opt.solver.solve_tibiofemoral)
    for (double d : flex_deg)
      if (deg_to_rad(d) < tf.flexion.front() - deg_to_rad(1.0) ||
          deg_to_rad(d) > tf.flexion.back() + deg_to_rad(1.0))
        throw UsageError("--flexion: " + fmt(d) + " deg is outside the tibiofemoral coupling table " +
                         tf.coupling_file + " (" + fmt(rad_to_deg(tf.flexion.front())) + " to " +
                         fmt(rad_to_deg(tf.flexion.back())) + " deg)");

  // quadriceps forces: PCSA split of the total, then per-muscle overrides
  std::string load_note;
  if (a.has("--quadriceps")) {
    const double total = a.number("--quadriceps", 0.0, 0.0, 20000.0);
    opt.loads.quadriceps = quadriceps_split(*model, total);
    load_note = "quadriceps " + fmt(total) + " N split by PCSA";
  } else if (!a.has("--muscle")) {
    opt.loads.quadriceps = passive_tone_loads(*model).quadriceps;
    load_note = "quadriceps at passive tone (minimum_activation x F0 from the .osim)";
  } else {
    opt.loads.quadriceps.assign(model->muscles.size(), 0.0);
    load_note = "quadriceps from --muscle only";
  }
  if (a.has("--muscle"))
    for (const std::string& kv : a.values.at("--muscle")) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos) throw UsageError("--muscle: '" + kv + "' is not NAME=N");
      const std::string name = kv.substr(0, eq);
      const std::vector<std::string> known = patella_muscle_names(*model);
      if (std::find(known.begin(), known.end(), name) == known.end())
        throw UsageError("--muscle: '" + name + "' is not a quadriceps muscle or head of " + dir +
                         " (" + [&] {
                           std::string list;
                           for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
                           return list;
                         }() + ")" + did_you_mean(name, known));
      const double f = parse_number("--muscle", kv.substr(eq + 1));
      if (f < 0 || f > 20000) throw UsageError("--muscle: " + name + " force " + fmt(f) + " N is out of range [0, 20000]");
      set_muscle_force(*model, opt.loads.quadriceps, name, f);
      load_note += "; " + name + " " + fmt(f) + " N";
    }

  for (const std::string& w : model->warnings) std::cerr << "patella knee: warning: " << w << "\n";
  if (!quiet) {
    std::cerr << "patella knee: model " << dir << " (" << model->contact.casting.centroid.size()
              << " patellar faces, " << model->contact.target.a.size() << " femoral faces), "
              << load_note << "; tibiofemoral "
              << (opt.solver.solve_tibiofemoral ? "solved" : model->spec.tibiofemoral.mode) << "\n";
  }
  const bool tty = isatty(2);
  const std::vector<SweepRow> rows = run_sweep(*model, opt, [&](int done, int total) {
    if (quiet) return;
    if (tty) std::fprintf(stderr, "\r  solving %d/%d angles", done, total);
    else if (done == total || done % std::max(1, total / 10) == 0)
      std::fprintf(stderr, "  solved %d/%d angles\n", done, total);
    if (tty && done == total) std::fprintf(stderr, "\n");
  });

  // table on stdout
  const bool stab = opt.stability_shift > 0;
  if (!quiet) {
    std::printf("%8s %8s %8s %8s %8s %9s %9s %8s %8s %6s %5s %5s", "flex_deg", "tz_mm", "ty_mm",
                "lat_tilt", "pf_flex", "force_N", "area_mm2", "mean_MPa", "peak_MPa", "lat_fr", "conv", "iter");
    if (stab) std::printf(" %8s %8s", "lat_st_N", "med_st_N");
    const bool tfs = opt.solver.solve_tibiofemoral;
    if (tfs) std::printf(" %8s %8s %8s %8s %8s %8s %8s", "add_deg", "rot_deg", "tx_mm", "ty_mm", "tz_mm", "tf_med_N", "tf_lat_N");
    std::printf("\n");
    for (const SweepRow& r : rows) {
      std::printf("%8.1f %8.2f %8.2f %8.2f %8.2f %9.1f %9.1f %8.3f %8.3f %6.3f %5s %5d",
                  rad_to_deg(r.knee_flexion), r.pf[kPfTz] * 1e3, r.pf[kPfTy] * 1e3,
                  rad_to_deg(lateral_tilt_from_pf(r.pf.data())), rad_to_deg(r.pf[kPfFlex]),
                  r.contact.force.norm(), r.contact.area * 1e6, r.contact.mean_pressure * 1e-6,
                  r.contact.peak_pressure * 1e-6, r.contact.lateral_fraction,
                  r.report.converged ? "yes" : "NO", r.report.iterations);
      if (stab) std::printf(" %8.1f %8.1f", r.lateral_stability, r.medial_stability);
      if (tfs)
        std::printf(" %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f %8.1f", rad_to_deg(r.tf_secondary[0]),
                    rad_to_deg(r.tf_secondary[1]), r.tf_secondary[2] * 1e3, r.tf_secondary[3] * 1e3,
                    r.tf_secondary[4] * 1e3, (r.tibia.contact.force - r.tibia.contact.lateral_force).norm(),
                    r.tibia.contact.lateral_force.norm());
      std::printf("\n");
    }
  }

  // files
  const ColumnTable table = make_sweep_table(*model, rows, stab);
  std::ostringstream cmdline;
  for (int i = 0; i < argc; ++i) cmdline << (i ? " " : "") << argv[i];
  if (!csv.empty()) write_csv(csv, table);
  if (!h5.empty()) {
    std::vector<std::pair<std::string, std::string>> attrs = knee_provenance(dir, cmdline.str(), PATELLA_GIT_COMMIT);
    attrs.emplace_back("loads", load_note);
    attrs.emplace_back("quadriceps", [&] {
      std::string q;
      for (const PatellaMuscle& m : model->muscles) q += (q.empty() ? "" : ", ") + m.name;
      return q;
    }());
    attrs.emplace_back("frames", "femur_distal_r (F): X anterior, Y superior, Z lateral; lateral shift = pf_tz, lateral tilt = -pf_tilt");
    write_hdf5(h5, table, rows, attrs);
  }
#ifdef PATELLA_HAVE_VIZ
  if (!png.empty()) viz_module().plot_sweep(png, table, "patella knee: " + load_note);
#endif
  for (const std::string& f : {csv, h5, png})
    if (!f.empty() && !quiet) std::cerr << "patella knee: wrote " << f << "\n";

  // straight ligament paths that pass through their (unmodelled) wrap ellipsoid
  int crossing = 0;
  for (const SweepRow& r : rows) crossing += r.ligaments_crossing_wrap > 0;
  if (crossing)
    std::cerr << "patella knee: warning: at " << crossing << " of " << rows.size()
              << " angles a straight ligament path crosses its wrap ellipsoid\n";

  // convergence: name every pose that failed
  int failed = 0;
  for (const SweepRow& r : rows) {
    if (!r.report.converged) {
      ++failed;
      std::cerr << "patella knee: equilibrium did not converge at knee flexion "
                << rad_to_deg(r.knee_flexion) << " deg: " << r.report.message << "\n";
    }
    if (stab && !r.stability_converged) {
      ++failed;
      std::cerr << "patella knee: stability solve did not converge at knee flexion "
                << rad_to_deg(r.knee_flexion) << " deg (flagged in stability_converged)\n";
    }
    if (r.itb_link_tension > model->itb.failure_force)
      std::cerr << "patella knee: warning: iliopatellar band force " << r.itb_link_tension
                << " N exceeds its measured failure force " << model->itb.failure_force
                << " N at " << rad_to_deg(r.knee_flexion) << " deg\n";
  }
  return failed ? 3 : 0;
}

}  // namespace patella::cli
