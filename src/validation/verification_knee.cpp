// Calculation verification of the knee (see verification.hpp): the contact mesh refined by
// midpoint subdivision, and the equilibrium solver's tolerance.
#include <chrono>
#include <cmath>
#include <sstream>

#include "patella/compiler/compile.hpp"
#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/core/mesh_subdivide.hpp"
#include "patella/io/load_model.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

namespace {

const std::vector<double> kFlexionDeg{30.0, 60.0, 90.0};

// The knee at 30, 60, 90 deg under 500 N of quadriceps (PCSA split as `patella knee`), by one
// sweep continued from the default pose (as `patella knee --flexion 30:90:30`).
std::vector<KneeOutputs> solve_knee(const Model& model, const SolverOptions& solver, double quadriceps) {
  SweepOptions opt;
  for (double d : kFlexionDeg) opt.flexion.push_back(deg_to_rad(d));
  opt.loads.quadriceps = quadriceps_split(model, quadriceps);  // Farahmand et al. 1998
  opt.solver = solver;
  std::vector<KneeOutputs> out;
  for (const SweepRow& r : run_sweep(model, opt)) {
    KneeOutputs o;
    o.contact_force_N = r.contact.force.norm();
    o.lateral_shift_mm = 1e3 * lateral_shift_from_pf(r.pf.data());
    o.lateral_tilt_deg = rad_to_deg(lateral_tilt_from_pf(r.pf.data()));
    o.contact_area_mm2 = 1e6 * r.contact.area;
    o.peak_pressure_MPa = 1e-6 * r.contact.peak_pressure;
    o.converged = r.report.converged;
    o.iterations = r.report.iterations;
    o.residual_N = r.report.residual_force;
    out.push_back(o);
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

const char* knee_output_name(int k) {
  static const char* const names[] = {"PF contact force (N)", "lateral shift (mm)", "lateral tilt (deg)",
                                      "contact area (mm2)", "peak pressure (MPa)"};
  return names[k];
}

double knee_output(const KneeOutputs& o, int k) {
  switch (k) {
    case 0: return o.contact_force_N;
    case 1: return o.lateral_shift_mm;
    case 2: return o.lateral_tilt_deg;
    case 3: return o.contact_area_mm2;
    default: return o.peak_pressure_MPa;
  }
}

KneeStudy mesh_refinement_study(const std::string& model_dir, int levels, const ProgressMessage& progress) {
  KneeStudy s;
  s.flexion_deg = kFlexionDeg;
  for (int level = 0; level <= levels; ++level) {
    const auto t0 = std::chrono::steady_clock::now();
    ModelSpec spec = load_model_spec(model_dir);
    const KneeNames names;
    const ContactForceSpec* cf = spec.find_contact_force(names.pf_contact);
    if (!cf) throw ModelError(spec.source_file + ": contact force '" + names.pf_contact + "' is absent");
    KneeSetting k;
    for (const std::string& mesh_name : {cf->casting_mesh, cf->target_mesh}) {
      const ContactMeshSpec* cm = spec.find_contact_mesh(mesh_name);
      if (!cm) throw ModelError(spec.source_file + ": contact mesh '" + mesh_name + "' is absent");
      TriMesh& mesh = spec.mesh_data[cm->mesh_file];
      mesh = subdivide(mesh, level);
      (mesh_name == cf->casting_mesh ? k.patellar_triangles : k.femoral_triangles) =
          static_cast<int>(mesh.faces.size());
    }
    const std::unique_ptr<Model> model = compile(std::move(spec));
    k.parameter = level;
    k.label = std::to_string(level) + (level == 0 ? " (as read)" : "");
    k.at = solve_knee(*model, SolverOptions{}, s.quadriceps_N);
    if (progress) {
      std::ostringstream m;
      m << "mesh level " << level << ": " << k.patellar_triangles << " x " << k.femoral_triangles
        << " triangles, " << format_fixed(seconds_since(t0), 1) << " s";
      progress(m.str());
    }
    s.settings.push_back(std::move(k));
  }
  return s;
}

KneeStudy solver_tolerance_study(const Model& knee, const ProgressMessage& progress) {
  KneeStudy s;
  s.flexion_deg = kFlexionDeg;
  const SolverOptions defaults;
  for (double scale : {1.0, 0.1, 0.01}) {
    SolverOptions opt = defaults;
    opt.force_tolerance = defaults.force_tolerance * scale;
    opt.moment_tolerance = defaults.moment_tolerance * scale;
    KneeSetting k;
    k.parameter = opt.force_tolerance;
    k.label = format_plain(opt.force_tolerance) + " N, " + format_plain(opt.moment_tolerance) + " N m" +
              (scale == 1.0 ? " (default)" : "");
    k.patellar_triangles = static_cast<int>(knee.contact.casting.centroid.size());
    k.femoral_triangles = static_cast<int>(knee.contact.target.a.size());
    k.at = solve_knee(knee, opt, s.quadriceps_N);
    if (progress) progress("solver tolerance " + k.label);
    s.settings.push_back(std::move(k));
  }
  return s;
}

}  // namespace patella::validation
