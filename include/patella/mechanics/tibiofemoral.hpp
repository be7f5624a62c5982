#pragma once
/// The tibia's balance for the solved tibiofemoral secondary coordinates (PHYSICS.md 4; COMAK,
/// Smith et al. 2016, solves the same five): knee flexion is prescribed, and knee_add, knee_rot
/// [rad], knee_tx, knee_ty, knee_tz [m] take the values at which the forces on the tibia (and
/// every body below the knee, which move with it) do no virtual work along them:
///   Q_c = omega_c . M_o + v_c . F = 0,   c = add, rot, tx, ty, tz,
/// where (omega_c, v_c) is the tibia's angular velocity and its origin o's velocity per unit of
/// coordinate c (in F, from the knee joint's map) and (F, M_o) the net force on the tibia and its
/// moment about o. The forces: tibiofemoral contact (the elastic foundation of
/// mechanics/contact.hpp, tibial cartilage cast on the femoral), the femur-tibia ligaments of
/// Model::tf_ligaments (over their wrap ellipsoid or cylinder), the patellar tendon (the
/// patella's ligaments whose other end is on the tibia, the reaction of the force on the
/// patella), the ITB's distal span from its node to Gerdy's tubercle, and the external load of
/// KneeLoads (gravity, and in gait the load of the segments below). Muscles other than the
/// quadriceps (which reach the tibia through the patellar tendon) enter only through that
/// external load.
#include <Eigen/Core>

#include "patella/mechanics/equilibrium.hpp"

namespace patella {

/// Columns c = add, rot, tx, ty, tz: (omega_c; v_c), the tibia's twist per unit coordinate in F
/// (angular [1/rad or 1/m] over linear velocity of its origin), by central differences of the
/// knee joint's map (the CustomJoint's functions are linear here, so exact to rounding).
Eigen::Matrix<double, 6, 5> tibia_twist_basis(const Model& model, const KneeFrames& frames);

/// Every force on the tibia at these frames and patella state (the ITB node as the patellar
/// residual balanced it, ws.forces.itb_node): fills ws.tibia, generalized forces included.
void compute_tibia_forces(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                          const PatellaState& state, bool want_contact_jacobian,
                          EquilibriumWorkspace& ws);

/// The part of the tibia's load that the patella's pose moves: the patellar tendon's bundles and
/// the ITB's distal span (node held where it is). Force in F [N] and moment about the tibia's
/// origin [N m].
void tibia_load_from_patella(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                             const Transform& X_FK, const Vec3& itb_node, Vec3& tendon_force,
                             Vec3& itb_force, Vec3& moment);

/// Adds gravity (ground -Y, 9.80665 m/s^2, OpenSim's default) on the bodies below the knee to
/// loads.tibia_force at their common mass centre; masses and mass centres from the model file.
void add_tibia_gravity(const Model& model, const KneeFrames& frames, KneeLoads& loads);

}  // namespace patella
