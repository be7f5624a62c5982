#include "patella/gait/influence.hpp"

#include <cmath>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/mechanics/clinical_alignment.hpp"
#include "patella/mechanics/sweep.hpp"

namespace patella {

std::vector<Influence> influence_coefficients(const Model& knee, const GaitResult& res,
                                              const GaitFrame& f, double added) {
  // the tibia where the run placed it (solved, or the coupling's), held while the lines load
  KneePose pose = knee_pose_of(f.q, f.femoral_rotation);
  pose.tf_override = true;
  pose.tf_secondary = f.tf_secondary;
  const KneeFrames frames = compute_knee_frames(knee, pose);
  // the frame's loads, as simulate_gait applied them
  KneeLoads base;
  for (int m : res.quadriceps) base.quadriceps.push_back(f.force[static_cast<std::size_t>(m)]);
  base.itb_tension = f.itb_tension;
  base.quadriceps_line_rotation = res.quadriceps_line_rotation;
  EquilibriumWorkspace ws = make_equilibrium_workspace(knee);
  SolverOptions solver;
  const ClinicalFrame clinical = make_clinical_frame(knee.contact);
  auto solve = [&](const KneeLoads& loads, std::array<double, 6>& pf, double& force, ClinicalAlignment& c) {
    PatellaState st = f.patella;
    const EquilibriumReport rep = solve_equilibrium(knee, frames, loads, solver, ws, st);
    pf = pf_coordinates(knee, st.X_FK, f.pf);
    force = ws.forces.contact.force.norm();
    c = clinical_alignment(knee.contact, clinical, st.X_FK);
    return rep.converged;
  };
  std::array<double, 6> pf0{};
  double force0 = 0.0;
  ClinicalAlignment c0;
  if (!solve(base, pf0, force0, c0))
    throw SimulationError("influence coefficients: the frame at " + fmt(f.gait_percent) +
                          " % of the cycle does not reproduce its equilibrium");
  std::vector<Influence> out;
  const std::size_t nq = base.quadriceps.size();
  for (std::size_t i = 0; i <= nq; ++i) {
    KneeLoads l = base;
    Influence in;
    if (i < nq) {
      l.quadriceps[i] += added;
      in.line = knee.muscles[i].name;
    } else {
      l.itb_tension += added;
      in.line = "itb";
    }
    std::array<double, 6> pf{};
    double force = 0.0;
    ClinicalAlignment c;
    in.converged = solve(l, pf, force, c);
    in.clinical_shift = c.lateral_shift - c0.lateral_shift;
    in.clinical_tilt = c.lateral_tilt - c0.lateral_tilt;
    in.lateral_shift = pf[kPfTz] - pf0[kPfTz];
    in.lateral_tilt = lateral_tilt_from_pf(pf.data()) - lateral_tilt_from_pf(pf0.data());
    in.contact_force = force - force0;
    out.push_back(in);
  }
  return out;
}

}  // namespace patella
