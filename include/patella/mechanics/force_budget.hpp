#pragma once
/// The force budget on the patella: which structure pushes or pulls it, and how hard. Every
/// force the equilibrium residual sums, grouped into named terms, each with its force on the
/// patella and its moment about the patella origin, in F = femur_distal_r (X anterior,
/// Y superior, Z lateral: the Z component is the mediolateral budget, + lateral). At an
/// equilibrium the terms sum to zero force and moment (to the solver's tolerance).
///
/// Terms, in this order: each quadriceps muscle or head (Model::muscles, by name); each
/// ligament group (the ligament's name without its trailing digits: PT, lPFL, mPFL), in the
/// order they first appear; the iliotibial band through its iliopatellar bundles
/// ("itb_iliopatellar", when the model has the pathway); the articular contact on the lateral
/// and on the medial facet (faces lateral or medial of the patellar ridge); and the external
/// push or force of the loads ("external").
#include <string>
#include <vector>

#include "patella/mechanics/equilibrium.hpp"

namespace patella {

struct ForceTerm {
  std::string name;
  Vec3 force = Vec3::Zero();   ///< on the patella, in F [N]
  Vec3 moment = Vec3::Zero();  ///< about the patella origin, in F [N m]
};

struct PatellaForceBudget {
  std::vector<ForceTerm> terms;
  Vec3 net_force = Vec3::Zero();   ///< sum of the terms [N]
  Vec3 net_moment = Vec3::Zero();  ///< [N m]
};

/// The terms' names for a model, in budget order (the same for every pose and load).
std::vector<std::string> force_budget_terms(const Model& model);

/// The budget at a patella state: evaluates the residual once (no Jacobian) in ws. With
/// contact_current, ws.contact already holds the contact at this state (the converged solve's
/// last evaluation) and is reused rather than evaluated again.
PatellaForceBudget force_budget(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                                const PatellaState& state, EquilibriumWorkspace& ws,
                                bool contact_current = false);

}  // namespace patella
