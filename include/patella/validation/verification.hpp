#pragma once
/// The verification report (docs/verification.md, `patella verify`), in the ASME V&V 40 sense:
/// code verification (each force element and solver against an analytic or manufactured
/// reference) and calculation verification (how the results converge with the contact mesh,
/// the solver tolerance, the integrator tolerance and the frames per cycle). Validation against
/// measurements is docs/validation.md (report.hpp).
///
/// Every code-verification case is a function returning its record; the Catch test named in
/// the record calls the same function and asserts error <= tolerance, so the document and the
/// test share one code path.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "patella/core/mesh.hpp"
#include "patella/model/model.hpp"
#include "patella/validation/figure.hpp"
#include "patella/validation/gait_run.hpp"

namespace patella::validation {

/// One code-verification case.
struct CodeCase {
  std::string element;     ///< "elastic-foundation contact"
  std::string reference;   ///< the analytic or manufactured reference (the case)
  std::string quantity;    ///< what is compared
  double error = 0.0;      ///< measured largest error, in `unit`
  double tolerance = 0.0;  ///< in `unit`
  std::string unit;        ///< "relative", "m", "N", ...
  int samples = 0;         ///< comparisons behind `error`
  std::string test;        ///< the Catch test that asserts error <= tolerance
  /// What the case exercised (e.g. "wrapped paths" -> 53), so a test can check it was not vacuous.
  std::map<std::string, double> coverage;
  bool pass() const { return error == error && error <= tolerance && samples > 0; }
};

// --- code verification (verification_*.cpp) ----------------------------------------------------
/// Manufactured contact geometry (also used by tests/mechanics/contact_test.cpp): a closed box
/// with outward normals (12 faces), and an n x n grid patch x = shape(y, z) over a square of side
/// `side` centred at (y0, z0) with normals toward -X (toward a target lying at +X).
TriMesh box_mesh(const Vec3& lo, const Vec3& hi);
TriMesh patch_mesh(double y0, double z0, double side, int n,
                   const std::function<double(double, double)>& shape);

CodeCase verify_contact_flat_patch();
CodeCase verify_contact_jacobian(const Model& knee);
CodeCase verify_ligament_closed_form();
CodeCase verify_ligament_stiffness();
CodeCase verify_millard_construction_points();
CodeCase verify_millard_derivatives();
CodeCase verify_thelen_formulas();
CodeCase verify_wrap_cylinder();
CodeCase verify_wrap_sphere();
/// Moment arms of the 44 leg muscles from the virtual work of the path's tension against
/// -dl/dq: paths over points and cylinders (shortest paths, exact) and paths over ellipsoids
/// (a planar wrap, not quite a geodesic), in that order.
std::vector<CodeCase> verify_moment_arms(const Model& knee);
CodeCase verify_inverse_dynamics_power(const Model& knee);
CodeCase verify_static_optimization_kkt();
CodeCase verify_static_optimization_balance();
CodeCase verify_equilibrium_jacobian(const Model& knee);
CodeCase verify_equilibrium_residual(const Model& knee);
/// All of the above, in the report's order.
std::vector<CodeCase> code_verification(const Model& knee, const ProgressMessage& progress = nullptr);

// --- calculation verification: the knee (verification_knee.cpp) --------------------------------
/// The knee's equilibrium outputs at one flexion angle.
struct KneeOutputs {
  double contact_force_N = 0.0, lateral_shift_mm = 0.0, lateral_tilt_deg = 0.0;
  double contact_area_mm2 = 0.0, peak_pressure_MPa = 0.0;
  bool converged = false;
  int iterations = 0;
  double residual_N = 0.0;
};
/// One setting of a knee study (a mesh level or a solver tolerance).
struct KneeSetting {
  std::string label;              ///< "0 (as read)", "1e-4 N"
  double parameter = 0.0;         ///< subdivisions, or the force tolerance [N]
  int patellar_triangles = 0, femoral_triangles = 0;
  std::vector<KneeOutputs> at;    ///< per KneeStudy::flexion_deg
};
struct KneeStudy {
  std::vector<double> flexion_deg;   ///< 30, 60, 90
  double quadriceps_N = 500.0;       ///< total, PCSA split as `patella knee`
  std::vector<KneeSetting> settings; ///< coarsest (or loosest) first; the last is the reference
};
/// The five outputs of KneeOutputs, by index (0..4): name with unit, and value.
const char* knee_output_name(int k);
double knee_output(const KneeOutputs& o, int k);

/// The cartilage meshes subdivided 0..levels times (each triangle into four by its edge
/// midpoints: the same surface, a finer elastic-foundation quadrature), the knee solved at 30,
/// 60, 90 deg under 500 N of quadriceps.
KneeStudy mesh_refinement_study(const std::string& model_dir, int levels,
                                const ProgressMessage& progress = nullptr);
/// The same poses with the equilibrium's force tolerance 1e-3 (default), 1e-4, 1e-5 N and the
/// moment tolerance scaled likewise (1e-5, 1e-6, 1e-7 N m).
KneeStudy solver_tolerance_study(const Model& knee, const ProgressMessage& progress = nullptr);

// --- calculation verification: the gait cycle (verification_gait.cpp) -------------------------
struct GaitOutputs {
  bool ran = false;
  std::string error;                  ///< why the run stopped, when it did
  int frames = 0, unconverged_frames = 0;
  std::vector<double> unconverged_percent, unconverged_knee_deg;
  std::vector<std::string> notes;     ///< the run's own notes
  double peak_pf_bw = 0.0, peak_pf_percent = 0.0, peak_shift_mm = 0.0;
  double stance_mean_pf_bw = 0.0, stance_mean_shift_mm = 0.0;
  std::vector<double> percent, pf_bw, shift_mm;  ///< the curves, for the figures
};
struct GaitSetting {
  std::string label;
  double parameter = 0.0;   ///< tolerance, or frames per cycle
  bool is_default = false;
  GaitOutputs out;
};
struct GaitStudy {
  std::string scenario;
  std::vector<GaitSetting> settings;  ///< the last is the reference (finest)
};
/// The four scalar outputs of GaitOutputs, by index (0..3).
const char* gait_output_name(int k);
double gait_output(const GaitOutputs& o, int k);
/// integrator_abs_tol = rel at the default, /10, /100.
GaitStudy gait_integrator_study(const std::string& scenario_file, const ProgressMessage& progress = nullptr);
/// frames_per_cycle at each given count (ascending).
GaitStudy gait_frames_study(const std::string& scenario_file, const std::vector<int>& frames,
                            const ProgressMessage& progress = nullptr);

// --- the report (verification_report.cpp) -------------------------------------------------------
struct VerificationOptions {
  std::string model_dir = "models/lenhart2015";
  std::string scenarios_dir = "scenarios";
  std::string figures_link = "figures";     ///< figures folder relative to the report
  bool link_figures = true;
  std::string validation_link = "validation.md";  ///< relative to the report
  int mesh_levels = 2;                      ///< subdivisions of the finest contact mesh
  std::vector<int> gait_frames{21, 41, 101, 201};
  std::string fault_results;                ///< TSV: test, result, seconds ("" = not run)
  std::string fuzz_figures;                 ///< TSV of scripts/fuzz ("" or absent = not run)
  ProgressMessage progress;
};
struct VerificationReport {
  std::vector<CodeCase> cases;
  KneeStudy mesh, tolerance;
  GaitStudy gait_integrator, gait_frames;
  std::string markdown;
  std::vector<Figure> figures;
};
VerificationReport run_verification(const VerificationOptions& options);

/// The robustness sections (fuzzing, fault injection) from the files other scripts write; a
/// missing file is reported as not yet run. @throws IoError on a file that exists but is malformed.
std::string robustness_markdown(const std::string& fuzz_figures, const std::string& fault_results);

/// Text of the study sections and their one-line conclusions (computed from the numbers).
std::string code_verification_markdown(const std::vector<CodeCase>& cases);
std::string knee_study_markdown(const KneeStudy& s, const std::string& title, const std::string& intro,
                                const std::string& what_changes);
std::string gait_study_markdown(const GaitStudy& s, const std::string& title, const std::string& intro,
                                const std::string& what_changes);
Figure knee_study_figure(const KneeStudy& s, const std::string& file, const std::string& x_label,
                         bool log_x);
Figure gait_study_figure(const GaitStudy& s, const std::string& file);

}  // namespace patella::validation
