// The tibia's balance along the secondary tibiofemoral coordinates (see tibiofemoral.hpp).
#include "patella/mechanics/tibiofemoral.hpp"

#include <cmath>

#include "patella/core/error.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/ligament.hpp"
#include "patella/mechanics/wrap.hpp"
#include "patella/mechanics/wrap_ellipsoid.hpp"

namespace patella {

namespace {

// is body b below the knee (moves with the tibia)?
bool moves_with_tibia(const Model& model, int b) {
  for (int j = model.tree.joint_of_body[b]; j >= 0; j = model.tree.joint_of_body[model.tree.joints[j].parent])
    if (j == model.knee_joint) return true;
  return false;
}

}  // namespace

Eigen::Matrix<double, 6, 5> tibia_twist_basis(const Model& model, const KneeFrames& frames) {
  const Joint& knee = model.tree.joints[model.knee_joint];
  std::vector<double> q = model.tree.default_q;
  q[knee.coordinates[0]] = frames.pose.knee_flexion;
  for (int c = 0; c < 5; ++c) q[knee.coordinates[c + 1]] = frames.tf_secondary[c];
  // X_FT = A X_J(q): A carries a femoral turn (identity otherwise), constant in q
  const Transform XJ = joint_child_in_parent(knee, q.data());
  const Mat3 RA = frames.X_FB[model.tibia].R * XJ.R.transpose();
  Eigen::Matrix<double, 6, 5> S;
  for (int c = 0; c < 5; ++c) {
    const double h = c < 2 ? 1e-6 : 1e-7;  // [rad], [m]
    std::vector<double> qp = q, qm = q;
    qp[knee.coordinates[c + 1]] += h;
    qm[knee.coordinates[c + 1]] -= h;
    const Transform Xp = joint_child_in_parent(knee, qp.data()), Xm = joint_child_in_parent(knee, qm.data());
    // dR/dq R^T = [omega]x
    const Mat3 W = (Xp.R - Xm.R) / (2 * h) * XJ.R.transpose();
    const Vec3 omega(0.5 * (W(2, 1) - W(1, 2)), 0.5 * (W(0, 2) - W(2, 0)), 0.5 * (W(1, 0) - W(0, 1)));
    S.col(c).head<3>() = RA * omega;
    S.col(c).tail<3>() = RA * ((Xp.p - Xm.p) / (2 * h));
  }
  return S;
}

void tibia_load_from_patella(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                             const Transform& X_FK, const Vec3& itb_node, Vec3& tendon_force,
                             Vec3& itb_force, Vec3& moment) {
  const Vec3 o = frames.X_FB[model.tibia].p;
  tendon_force.setZero();
  itb_force.setZero();
  moment.setZero();
  // the patellar tendon: the reaction of the straight-line force on the patella
  // (compute_residual), at the tibial attachment
  for (const PatellaLigament& L : model.ligaments) {
    if (!moves_with_tibia(model, L.other_body_index)) continue;
    const Vec3 a = X_FK * L.p_K;
    const Vec3 b = frames.X_FB[L.other_body_index] * L.p_B;
    const double l = (a - b).norm();
    const Vec3 f = blankevoort_force(L.params, l) * (a - b) / l;
    tendon_force += f;
    moment += (b - o).cross(f);
  }
  // the ITB's distal span: its tension from the node to Gerdy's tubercle
  if (model.itb.enabled && loads.itb_tension > 0.0 && itb_node.allFinite() &&
      moves_with_tibia(model, model.itb.distal_body_index)) {
    const Vec3 B = frames.X_FB[model.itb.distal_body_index] * model.itb.distal_p_B;
    const Vec3 f = loads.itb_tension * (itb_node - B).normalized();
    itb_force += f;
    moment += (B - o).cross(f);
  }
}

void compute_tibia_forces(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                          const PatellaState& state, bool want_contact_jacobian,
                          EquilibriumWorkspace& ws) {
  if (!model.has_tf_contact || model.tibia < 0)
    throw ModelError("the tibiofemoral coordinates cannot be solved: the model has no contact '" +
                     model.names.tf_contact + "' on '" + model.names.tibia + "'");
  TibiaForces& out = ws.tibia;
  const Transform& X_FT = frames.X_FB[model.tibia];
  const Vec3 o = X_FT.p;

  // cartilage: the tibial cartilage is the casting surface, so the result is the force on the
  // tibia and its moment about the tibia's origin
  compute_contact(model.tf_contact, X_FT, want_contact_jacobian, ws.tf_contact, out.contact);
  out.force = out.contact.force;
  out.moment = out.contact.moment;

  // femur-tibia ligaments: tension along the free span that reaches the femur, through the
  // point where it leaves the tibia's side (its attachment, or the tangent point on a
  // tibia-fixed wrap surface; a femur-fixed surface turns the span at the tibial end)
  out.ligament_tension.resize(model.tf_ligaments.size());
  out.ligament_force.resize(model.tf_ligaments.size());
  out.ligaments_wrapped = 0;
  for (std::size_t i = 0; i < model.tf_ligaments.size(); ++i) {
    const KneeLigament& L = model.tf_ligaments[i];
    const Vec3 a = frames.X_FB[L.femur_body] * L.p_femur;
    const Vec3 b = frames.X_FB[L.tibia_body] * L.p_tibia;
    double length = (a - b).norm();
    Vec3 at = b, toward = a;  // the force on the tibia acts at `at`, toward `toward`
    if (L.ellipsoid >= 0) {
      const WrapEllipsoid& el = model.ellipsoids[L.ellipsoid];
      const EllipsoidWrapResult w = wrap_ellipsoid(a, b, frames.X_FB[el.body_index] * el.X_BW, el.radii, "all");
      if (w.wrapped) {
        ++out.ligaments_wrapped;
        length = w.length;
        if (moves_with_tibia(model, el.body_index)) at = w.tangent_a;  // span a - tangent_a
        else toward = w.tangent_b;                                      // span tangent_b - b
      }
    } else if (L.cylinder >= 0) {
      const WrapCylinder& cy = model.cylinders[L.cylinder];
      const CylinderWrapResult w = wrap_cylinder(b, a, frames.X_FB[cy.body_index] * cy.X_BW, cy.radius, cy.quadrant);
      if (w.wrapped) {
        ++out.ligaments_wrapped;
        length = w.length;
        if (moves_with_tibia(model, cy.body_index)) at = w.tangent_from_b;
        else toward = w.tangent_from_a;
      }
    }
    const double T = blankevoort_force(L.params, length);
    const Vec3 f = T * (toward - at).normalized();
    out.ligament_tension[i] = T;
    out.ligament_force[i] = f;
    out.force += f;
    out.moment += (at - o).cross(f);
  }

  // what the patella's pose moves
  Vec3 m_patella;
  tibia_load_from_patella(model, frames, loads, state.X_FK, ws.forces.itb_node, out.tendon_force,
                          out.itb_force, m_patella);
  out.force += out.tendon_force + out.itb_force;
  out.moment += m_patella;

  // external
  out.force += loads.tibia_force;
  out.moment += (X_FT * loads.tibia_force_point - o).cross(loads.tibia_force) + loads.tibia_moment;

  const Eigen::Matrix<double, 6, 5> S = tibia_twist_basis(model, frames);
  for (int c = 0; c < 5; ++c)
    out.generalized[c] = S.col(c).head<3>().dot(out.moment) + S.col(c).tail<3>().dot(out.force);
}

void add_tibia_gravity(const Model& model, const KneeFrames& frames, KneeLoads& loads) {
  const Vec3 g_F = frames.R_FG * Vec3(0, -9.80665, 0);
  const Transform X_TF = frames.X_FB[model.tibia].inverse();
  double mass = 0.0;
  Vec3 moment_T = Vec3::Zero();  // sum m_b c_b, in the tibia's frame
  for (std::size_t b = 1; b < model.tree.bodies.size(); ++b) {
    if (!moves_with_tibia(model, static_cast<int>(b))) continue;
    const BodySpec* body = model.spec.find_body(model.tree.bodies[b]);
    if (!body || body->mass <= 0.0) continue;
    mass += body->mass;
    moment_T += body->mass * (X_TF * (frames.X_FB[b] * body->mass_center));
  }
  if (mass <= 0.0) return;
  if (loads.tibia_force.squaredNorm() > 0.0)
    throw std::logic_error("add_tibia_gravity: the loads already hold a tibial force");
  loads.tibia_force = mass * g_F;
  loads.tibia_force_point = moment_T / mass;
}

}  // namespace patella
