#include "patella/mechanics/equilibrium.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "patella/core/error.hpp"
#include "patella/mechanics/itb_pathway.hpp"
#include "patella/mechanics/ligament.hpp"
#include "patella/mechanics/tibiofemoral.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/wrap.hpp"

namespace patella {

namespace {

using Mat6 = Eigen::Matrix<double, 6, 6>;

// adds a force f at patella point a (r = a - p), with df = D da, to F, M and their Jacobian
// blocks. da = -[r]x dtheta + dp; dM = [f]x[r]x dtheta + [r]x df.
void add_point_force(const Vec3& f, const Mat3& D, const Vec3& r, Residual& res, Jacobian* J) {
  res.segment<3>(0) += f;
  res.segment<3>(3) += r.cross(f) / kMomentScale;
  if (!J) return;
  const Mat3 Sr = skew(r);
  J->block<3, 3>(0, 0) += -D * Sr;
  J->block<3, 3>(0, 3) += D;
  J->block<3, 3>(3, 0) += (skew(f) * Sr - Sr * D * Sr) / kMomentScale;
  J->block<3, 3>(3, 3) += Sr * D / kMomentScale;
}

}  // namespace

std::array<double, 5> tibiofemoral_secondary(const Model& model, double q) {
  std::array<double, 5> out{};
  const TibiofemoralSpec& tf = model.spec.tibiofemoral;
  if (tf.mode != "coupled") return out;
  // beyond the table: continue along the end slope (the natural spline's curvature is zero at
  // its ends, so this stays C2; clamping would jump the tibia's velocity at the ends)
  const double qc = std::clamp(q, tf.flexion.front(), tf.flexion.back());
  for (int c = 0; c < 5; ++c)
    out[c] = model.tf_coupling[c].value(qc) + model.tf_coupling[c].derivative(qc) * (q - qc);
  return out;
}

KneeFrames compute_knee_frames(const Model& model, const KneePose& pose) {
  KneeFrames fr;
  fr.pose = pose;
  fr.tf_secondary = pose.tf_override ? pose.tf_secondary
                                     : tibiofemoral_secondary(model, pose.knee_flexion);
  const KinematicTree& tree = model.tree;
  std::vector<double> q = tree.default_q;
  const Joint& knee = tree.joints[model.knee_joint];
  q[knee.coordinates[0]] = pose.knee_flexion;
  fr.tf_secondary[1] += pose.knee_rotation_offset;
  for (int c = 0; c < 5; ++c) q[knee.coordinates[c + 1]] = fr.tf_secondary[c];
  const Joint* hip = model.hip_joint >= 0 ? &tree.joints[model.hip_joint] : nullptr;
  if (hip) {
    const double hq[3] = {pose.hip_flexion, pose.hip_adduction, pose.hip_rotation};
    for (std::size_t c = 0; c < hip->coordinates.size() && c < 3; ++c) q[hip->coordinates[c]] = hq[c];
  }
  if (pose.pelvis_tilt != 0.0) {
    const int c = tree.coordinate("pelvis_tilt");
    if (c < 0) throw ModelError("pelvis tilt: the model has no coordinate 'pelvis_tilt'");
    q[c] = pose.pelvis_tilt;
  }
  FemurTurn turn;
  if (pose.femoral_rotation != 0.0) {
    if (!hip || hip->coordinates.size() < 3)
      throw ModelError("femoral rotation: the model has no 3-coordinate hip joint '" +
                       model.names.hip_joint + "'");
    if (knee.parent != model.femur)
      throw ModelError("femoral rotation: knee joint '" + knee.name + "' does not hang from '" +
                       model.names.femur + "'");
    turn = {model.knee_joint, hip->coordinates[2], pose.femoral_rotation};
  }
  std::vector<Transform> X_G;
  body_poses(tree, {}, q.data(), X_G);
  const Transform X_FG = X_G[model.femur].inverse();
  fr.R_FG = X_FG.R;
  fr.X_FB.resize(X_G.size());
  for (std::size_t b = 0; b < X_G.size(); ++b) fr.X_FB[b] = X_FG * X_G[b];
  if (turn.angle != 0.0) {
    // the solver works in F: turn the bodies below the knee there
    const Transform A = femur_turn(tree, turn, q.data(), X_G[model.femur]);
    for (int b : bodies_below(tree, model.knee_joint)) fr.X_FB[b] = A * fr.X_FB[b];
  }
  return fr;
}

KneeLoads passive_tone_loads(const Model& model) {
  KneeLoads tone;
  tone.quadriceps.assign(model.muscles.size(), 0.0);
  for (std::size_t k = 0; k < model.muscles.size(); ++k)
    tone.quadriceps[k] = model.muscles[k].minimum_activation * model.muscles[k].max_isometric_force;
  return tone;
}

PatellaState default_patella_state(const Model& model) {
  PatellaState s;
  s.X_FK = joint_child_in_parent(model.tree.joints[model.pf_joint], model.tree.default_q.data());
  return s;
}

EquilibriumWorkspace make_equilibrium_workspace(const Model& model) {
  EquilibriumWorkspace ws;
  ws.contact = make_contact_workspace(model.contact);
  ws.forces.ligament_tension.assign(model.ligaments.size(), 0.0);
  ws.forces.muscle_direction.assign(model.muscles.size(), Vec3::Zero());
  ws.forces.muscle_wrapped.assign(model.muscles.size(), 0);
  ws.forces.ligament_force.assign(model.ligaments.size(), Vec3::Zero());
  ws.forces.ligament_moment.assign(model.ligaments.size(), Vec3::Zero());
  ws.forces.muscle_force.assign(model.muscles.size(), Vec3::Zero());
  ws.forces.muscle_moment.assign(model.muscles.size(), Vec3::Zero());
  if (model.has_tf_contact) ws.tf_contact = make_contact_workspace(model.tf_contact);
  ws.tibia.ligament_tension.assign(model.tf_ligaments.size(), 0.0);
  ws.tibia.ligament_force.assign(model.tf_ligaments.size(), Vec3::Zero());
  return ws;
}

PatellaState apply_step(const PatellaState& s, const Eigen::Matrix<double, 6, 1>& x) {
  PatellaState out = s;
  const Vec3 dth = x.segment<3>(0);
  const double angle = dth.norm();
  if (angle > 0) out.X_FK.R = Eigen::AngleAxisd(angle, dth / angle).toRotationMatrix() * s.X_FK.R;
  out.X_FK.p += x.segment<3>(3);
  return out;
}

void compute_residual(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                      const PatellaState& state, EquilibriumWorkspace& ws, Residual& r,
                      Jacobian* J, bool reuse_contact) {
  r.setZero();
  if (J) J->setZero();
  const Transform& X = state.X_FK;
  ElementForces& out = ws.forces;

  // articular contact
  if (!reuse_contact) compute_contact(model.contact, X, J != nullptr, ws.contact, out.contact);
  r.segment<3>(0) += out.contact.force;
  r.segment<3>(3) += out.contact.moment / kMomentScale;
  if (J) {
    J->block<3, 6>(0, 0) += out.contact.jacobian.block<3, 6>(0, 0);
    J->block<3, 6>(3, 0) += out.contact.jacobian.block<3, 6>(3, 0) / kMomentScale;
  }

  // ligaments: f = -T(l) e on the patella, e from the other attachment to the patella's
  out.ligaments_crossing_wrap = 0;
  for (std::size_t i = 0; i < model.ligaments.size(); ++i) {
    const PatellaLigament& L = model.ligaments[i];
    const Vec3 a = X * L.p_K;
    const Vec3 b = frames.X_FB[L.other_body_index] * L.p_B;
    const Vec3 w = a - b;
    const double l = w.norm();
    const Vec3 e = w / l;
    const double T = blankevoort_force(L.params, l);
    const double dT = blankevoort_stiffness(L.params, l);
    out.ligament_tension[i] = T;
    out.ligament_force[i] = -T * e;
    out.ligament_moment[i] = (a - X.p).cross(out.ligament_force[i]);
    const Mat3 D = -(dT * e * e.transpose() + T / l * (Mat3::Identity() - e * e.transpose()));
    add_point_force(-T * e, D, a - X.p, r, J);
    if (!L.wrap.empty())
      for (const WrapEllipsoid& el : model.ellipsoids)
        if (el.name == L.wrap && segment_hits_ellipsoid(a, b, frames.X_FB[el.body_index] * el.X_BW, el.radii))
          ++out.ligaments_crossing_wrap;
  }

  // quadriceps: tension along the segment entering the patella (wrapped over its cylinder)
  for (std::size_t i = 0; i < model.muscles.size(); ++i) {
    const PatellaMuscle& mu = model.muscles[i];
    const double F = i < loads.quadriceps.size() ? loads.quadriceps[i] : 0.0;
    const Vec3 a = X * mu.p_K;
    const Vec3 prev = frames.X_FB[mu.prev_body_index] * mu.prev_p_B;
    // pull direction from the patellar point: toward the previous point, or toward where the
    // path leaves the wrap cylinder
    auto direction = [&](const Vec3& from, bool* wrapped) {
      Vec3 target = prev;
      if (mu.wrap >= 0) {
        const WrapCylinder& cyl = model.cylinders[mu.wrap];
        const CylinderWrapResult wr =
            wrap_cylinder(from, prev, frames.X_FB[cyl.body_index] * cyl.X_BW, cyl.radius, cyl.quadrant);
        target = wr.tangent_from_a;
        if (wrapped) *wrapped = wr.wrapped;
      }
      return Vec3((target - from).normalized());
    };
    bool wrapped = false;
    const Vec3 e = direction(a, &wrapped);
    out.muscle_wrapped[i] = wrapped;
    const Mat3 Rq = axis_angle(Vec3::UnitX(), loads.quadriceps_line_rotation);
    out.muscle_direction[i] = Rq * e;
    Mat3 de_da;
    if (!wrapped) {
      // straight segment: de/da = -(I - e e^T) / l
      de_da = -(Mat3::Identity() - e * e.transpose()) / (prev - a).norm();
    } else {
      // on the helix the tangent point also slides along the axis, so differentiate the
      // analytic wrap numerically (central differences, 1 um; checked in the tests)
      constexpr double h = 1e-6;
      for (int k = 0; k < 3; ++k) {
        const Vec3 dh = h * Vec3::Unit(k);
        de_da.col(k) = (direction(a + dh, nullptr) - direction(a - dh, nullptr)) / (2 * h);
      }
    }
    out.muscle_force[i] = F * (Rq * e);
    out.muscle_moment[i] = (a - X.p).cross(out.muscle_force[i]);
    add_point_force(F * (Rq * e), F * Rq * de_da, a - X.p, r, J);
  }

  // the ITB's iliopatellar bundles, through the node balanced at this patella pose:
  // p_i at a_i with dp_i = sum_j G_ij da_j and da_j = -[r_j]x dtheta + dp
  out.itb_link_tension = 0.0;
  out.itb_force.setZero();
  out.itb_moment.setZero();
  out.kaplan_force = 0.0;
  out.itb_node_converged = true;
  if (model.itb.enabled) {
    const ItbPathway& P = model.itb;
    const std::size_t nb = P.bundle_p_K.size();
    std::vector<Vec3> a(nb), rr(nb);
    for (std::size_t i = 0; i < nb; ++i) {
      a[i] = X * P.bundle_p_K[i];
      rr[i] = a[i] - X.p;
    }
    const Vec3 B = frames.X_FB[P.distal_body_index] * P.distal_p_B;
    const ItbNodeResult node =
        solve_itb_node(P, a, B, std::max(0.0, loads.itb_tension), state.itb_node, J != nullptr);
    out.itb_node = node.node;
    out.itb_node_converged = node.converged;
    out.kaplan_force = node.kaplan_force;
    for (std::size_t i = 0; i < nb; ++i) {
      const Vec3& p = node.force_on_patella[i];
      out.itb_link_tension += node.bundle_tension[i];
      out.itb_force += p;
      out.itb_moment += rr[i].cross(p);
      r.segment<3>(0) += p;
      r.segment<3>(3) += rr[i].cross(p) / kMomentScale;
      if (!J) continue;
      const Mat3 Si = skew(rr[i]);
      J->block<3, 3>(3, 0) += skew(p) * Si / kMomentScale;
      for (std::size_t j = 0; j < nb; ++j) {
        const Mat3& G = node.G[i * nb + j];
        const Mat3 Sj = skew(rr[j]);
        J->block<3, 3>(0, 0) += -G * Sj;
        J->block<3, 3>(0, 3) += G;
        J->block<3, 3>(3, 0) += -Si * G * Sj / kMomentScale;
        J->block<3, 3>(3, 3) += Si * G / kMomentScale;
      }
    }
  }

  // external lateral push at the patella origin; any other external (e.g. d'Alembert) force at
  // the origin and moment, constant over the solve (no Jacobian terms)
  r[2] += loads.push_lateral;
  r.segment<3>(0) += loads.external_force;
  r.segment<3>(3) += loads.external_moment / kMomentScale;
}

PatellaState predict_equilibrium(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                                 const PatellaState& solved, EquilibriumWorkspace& ws) {
  Residual r;
  compute_residual(model, frames, loads, solved, ws, r, nullptr, true);
  const Eigen::Matrix<double, 6, 1> x = -ws.jacobian.partialPivLu().solve(r);
  PatellaState s = apply_step(solved, x);
  if (model.itb.enabled) s.itb_node = ws.forces.itb_node;
  compute_residual(model, frames, loads, s, ws, r, nullptr, true);
  if (model.itb.enabled) s.itb_node = ws.forces.itb_node;
  return s;
}

namespace {

EquilibriumReport solve_impl(const Model& model, const KneeFrames& frames0, KneeFrames* solved,
                             const KneeLoads& loads, const SolverOptions& opt,
                             EquilibriumWorkspace& ws, PatellaState& state) {
  // unknowns: 6 (+1 push when pf_tz is held) (+5 tibial coordinates from index it0)
  const bool tf = opt.solve_tibiofemoral;
  const int it0 = opt.fix_lateral ? 7 : 6;
  const int n = it0 + (tf ? 5 : 0);
  constexpr double kConstraintScale = 1e5;  // [N/m]: 0.01 mm off target weighs 1 N
  double push = 0.0;
  EquilibriumReport rep;
  rep.tibiofemoral_solved = tf;
  ws.contact.use_culling = ws.tf_contact.use_culling = !opt.exact_contact;

  // the tibia's pose: frames0 when the coupling (or a replay) places it; else at q_tf
  std::array<double, 5> q_tf = frames0.tf_secondary;
  KneeFrames current = tf ? frames0 : KneeFrames{};
  auto frames_at = [&](const std::array<double, 5>& q) {
    KneePose p = frames0.pose;
    p.tf_override = true;
    p.tf_secondary = q;
    p.knee_rotation_offset = 0.0;  // q already holds it
    KneeFrames f = compute_knee_frames(model, p);
    f.pose = frames0.pose;
    return f;
  };

  // evaluates at s (and the tibia at q) and keeps where the ITB node balanced in s (the next
  // evaluation starts there); a node that could not balance makes the residual non-finite, so
  // the step is refused. The workspace ends holding this evaluation's forces.
  bool node_failed = false;  // the last evaluation's ITB node did not balance
  auto evaluate_at = [&](const KneeFrames& fr, PatellaState& s, double P, Eigen::VectorXd& R,
                         Eigen::MatrixXd* Jout) {
    Residual r;
    Jacobian J;
    KneeLoads l = loads;
    l.push_lateral += P;
    compute_residual(model, fr, l, s, ws, r, Jout ? &J : nullptr);
    if (Jout) ws.jacobian = J;
    if (model.itb.enabled) {
      s.itb_node = ws.forces.itb_node;
      node_failed = !ws.forces.itb_node_converged;
      if (node_failed) r.setConstant(std::numeric_limits<double>::quiet_NaN());
    }
    R.resize(n);
    R.head<6>() = r;
    if (opt.fix_lateral) R[6] = kConstraintScale * (s.X_FK.p.z() - opt.lateral_target);
    if (tf) {
      compute_tibia_forces(model, fr, l, s, false, ws);
      for (int c = 0; c < 5; ++c) R[it0 + c] = ws.tibia.generalized[c] / (c < 2 ? kMomentScale : 1.0);
    }
    if (Jout) {
      Jout->setZero(n, n);
      Jout->topLeftCorner<6, 6>() = J;
      if (opt.fix_lateral) {
        (*Jout)(2, 6) = 1.0;
        (*Jout)(6, 5) = kConstraintScale;
      }
    }
  };
  // with the tibia solved, `current` becomes the frames at q
  auto evaluate = [&](PatellaState& s, const std::array<double, 5>& q, double P,
                      Eigen::VectorXd& R, Eigen::MatrixXd& Jout) {
    if (!tf) return evaluate_at(frames0, s, P, R, &Jout);
    current = frames_at(q);
    const KneeFrames& fr = current;
    // the tibial columns by forward differences of the whole residual, first, so that the
    // workspace ends holding the unperturbed evaluation
    std::array<Eigen::VectorXd, 5> Rc;
    for (int c = 0; c < 5; ++c) {
      std::array<double, 5> qc = q;
      qc[c] += c < 2 ? 1e-6 : 1e-7;  // [rad], [m]
      PatellaState sc = s;
      evaluate_at(frames_at(qc), sc, P, Rc[c], nullptr);
    }
    evaluate_at(fr, s, P, R, &Jout);
    for (int c = 0; c < 5; ++c) Jout.col(it0 + c) = (Rc[c] - R) / (c < 2 ? 1e-6 : 1e-7);
    // the tibial rows' patellar columns: only the tendon and the ITB's distal span move with the
    // patella (the ITB node held: its own motion is left out of this Jacobian, not the residual)
    const Eigen::Matrix<double, 6, 5> S = tibia_twist_basis(model, fr);
    auto q_of = [&](const Transform& X) {
      Vec3 ft, fi, m;
      tibia_load_from_patella(model, fr, loads, X, ws.forces.itb_node, ft, fi, m);
      Eigen::Matrix<double, 5, 1> Q;
      for (int c = 0; c < 5; ++c)
        Q[c] = (S.col(c).head<3>().dot(m) + S.col(c).tail<3>().dot(ft + fi)) / (c < 2 ? kMomentScale : 1.0);
      return Q;
    };
    const Eigen::Matrix<double, 5, 1> Q0 = q_of(s.X_FK);
    for (int k = 0; k < 6; ++k) {
      const double h = k < 3 ? 1e-6 : 1e-7;
      Eigen::Matrix<double, 6, 1> x = Eigen::Matrix<double, 6, 1>::Zero();
      x[k] = h;
      Jout.block<5, 1>(it0, k) = (q_of(apply_step(s, x).X_FK) - Q0) / h;
    }
  };
  auto converged = [&](const Eigen::VectorXd& R) {
    return R.head<3>().norm() < opt.force_tolerance &&
           R.segment<3>(3).norm() * kMomentScale < opt.moment_tolerance &&
           (!opt.fix_lateral || std::abs(R[6]) < opt.force_tolerance) &&
           (!tf || (R.segment<3>(it0 + 2).norm() < opt.force_tolerance &&
                    R.segment<2>(it0).norm() * kMomentScale < opt.moment_tolerance));
  };

  Eigen::VectorXd R;
  Eigen::MatrixXd J;
  // Pseudo-transient continuation (Kelley & Keyes 1998): each step is implicit Euler of the
  // overdamped motion  C dx/dt = R(x),  i.e. (damping * C - J) dx = R. Large damping follows
  // the net force (the patella slides until a slack tendon tightens); as the residual falls the
  // damping falls with it (switched evolution relaxation) and the step becomes Newton's.
  // C pairs each equation with its own unknown: force rows with translations, (scaled) moment
  // rows with rotations weighted by L_c so a rotation and a translation move cartilage alike;
  // the tibia's the same way (knee_add, knee_rot with L_c; knee_tx, ty, tz with 1).
  // The push unknown of a stability solve gets none.
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(n, n);
  C.block<3, 3>(0, 3).setIdentity();
  C.block<3, 3>(3, 0) = kMomentScale * Eigen::Matrix3d::Identity();
  if (tf)
    for (int c = 0; c < 5; ++c) C(it0 + c, it0 + c) = c < 2 ? kMomentScale : 1.0;
  double damping = opt.initial_damping;  // [N/m]
  // steps of at most 0.05 rad and 1 mm
  auto limit = [&](Eigen::VectorXd& v) {
    double sc = std::max({1.0, v.head<3>().norm() / 0.05, v.segment<3>(3).norm() / 1e-3});
    if (tf) sc = std::max({sc, v.segment<2>(it0).norm() / 0.05, v.segment<3>(it0 + 2).norm() / 1e-3});
    v /= sc;
  };
  auto tibia_report = [&](const Eigen::VectorXd& res) {
    if (!tf) return;
    rep.tibia_residual_force = res.segment<3>(it0 + 2).norm();
    rep.tibia_residual_moment = res.segment<2>(it0).norm() * kMomentScale;
  };
  auto finish = [&]() {
    if (solved) *solved = tf ? current : frames0;
  };
  bool have_RJ = false;  // R and J already evaluated at `state` by the accepted trial
  double last_step = 1.0;  // [m] the last accepted step: translation plus L_c x rotation
  for (int it = 0; it <= opt.max_iterations; ++it) {
    if (!have_RJ) evaluate(state, q_tf, push, R, J);
    have_RJ = false;
    rep.iterations = it;
    rep.residual_force = R.head<3>().norm();
    rep.residual_moment = R.segment<3>(3).norm() * kMomentScale;
    tibia_report(R);
    if (!R.allFinite() || !J.allFinite()) {
      rep.message = (node_failed ? "the ITB node did not balance" : "non-finite residual or Jacobian") +
                    std::string(" at iteration ") + std::to_string(it);
      finish();
      return rep;
    }
    // The elastic foundation is piecewise linear (triangles enter and leave contact), so near a
    // kink no step may lower the residual: the damping then grows without bound while the steps
    // shrink below a nanometre. A residual within 1e-4 of the load carried (contact force plus
    // quadriceps; at least 10x the tolerances) is then the contact's resolution, not a failure:
    // against lateral stiffnesses of tens of N/mm it places the patella to a few micrometres.
    // The report says so (rep.stalled, rep.message).
    double load = ws.forces.contact.force.norm();
    for (double f : loads.quadriceps) load += std::abs(f);
    if (tf) load += ws.tibia.contact.force.norm();
    const double f_stall = std::max(10 * opt.force_tolerance, 1e-4 * load);
    const double m_stall = std::max(10 * opt.moment_tolerance, 1e-4 * load * kMomentScale);
    rep.stalled = !converged(R) && damping > 1e12 && last_step < 1e-9 && R.head<3>().norm() < f_stall &&
                  R.segment<3>(3).norm() * kMomentScale < m_stall &&
                  (!opt.fix_lateral || std::abs(R[6]) < f_stall) &&
                  (!tf || (R.segment<3>(it0 + 2).norm() < f_stall &&
                           R.segment<2>(it0).norm() * kMomentScale < m_stall));
    if (rep.stalled)
      rep.message = "stalled at a kink of the contact surface, residual within 1e-4 of the load";
    if (converged(R) || rep.stalled) {
      rep.constraint_force = push;
      finish();
      // A quadriceps pull held by the ligaments alone, with no cartilage touching, is a
      // balance of forces but not a knee: the contact meshes never meet (degenerate, random or
      // misplaced triangles). Reported as not converged, so no frame claims a result it lacks.
      // (Not for a stability solve, whose imposed shift may legitimately lift the patella off.)
      double quadriceps = 0.0;
      for (double f : loads.quadriceps) quadriceps += f;
      if (!opt.fix_lateral && quadriceps > 0.0 && ws.forces.contact.faces_in_contact == 0) {
        rep.message = "equilibrium without any patellofemoral contact under " + fmt(quadriceps) +
                      " N of quadriceps force: the cartilage meshes do not meet";
        return rep;
      }
      rep.converged = true;
      return rep;
    }
    if (it == opt.max_iterations) break;
    const double r0 = R.norm();
    bool accepted = false;
    for (int k = 0; k < 20 && !accepted; ++k) {
      const Eigen::MatrixXd A = damping * C - J;
      Eigen::VectorXd dx = A.fullPivLu().solve(R);
      if (!dx.allFinite()) {
        damping = std::max(10 * damping, 1.0);
        continue;
      }
      limit(dx);
      Eigen::VectorXd Rt;
      Eigen::MatrixXd Jt;
      PatellaState st = apply_step(state, Eigen::Matrix<double, 6, 1>(dx.head<6>()));
      std::array<double, 5> qt = q_tf;
      if (tf)
        for (int c = 0; c < 5; ++c) qt[c] += dx[it0 + c];
      const double Pt = opt.fix_lateral ? push + dx[6] : 0.0;
      const KneeFrames previous = tf ? current : KneeFrames{};
      evaluate(st, qt, Pt, Rt, Jt);
      // accept a step that lowers the residual, or one that goes downhill in potential energy
      // without overshooting (the net force does positive work along it at both ends): the
      // forces are conservative, so this is how a slack tendon gets taken up
      auto work = [&](const Eigen::VectorXd& res) {
        double w = res.head<3>().dot(dx.segment<3>(3)) + kMomentScale * res.segment<3>(3).dot(dx.head<3>());
        if (tf)
          w += kMomentScale * res.segment<2>(it0).dot(dx.segment<2>(it0)) +
               res.segment<3>(it0 + 2).dot(dx.segment<3>(it0 + 2));
        return w;
      };
      const bool lower = Rt.allFinite() && Rt.norm() < r0;
      const bool downhill = Rt.allFinite() && work(R) > 0 && work(Rt) > 0 &&
                            Rt.norm() < 1.5 * r0 && !opt.fix_lateral;
      if (lower || downhill) {
        last_step = dx.segment<3>(3).norm() + kMomentScale * dx.head<3>().norm();
        if (tf) last_step += dx.segment<3>(it0 + 2).norm() + kMomentScale * dx.segment<2>(it0).norm();
        state = st;
        q_tf = qt;
        push = Pt;
        accepted = true;
        R = Rt;
        J = Jt;
        have_RJ = true;
        damping *= std::clamp(Rt.norm() / r0, 0.05, 4.0);
      } else {
        if (tf) current = previous;
        damping = std::max(10 * damping, 1.0);
      }
    }
    if (!accepted) {
      rep.message = "no acceptable step at iteration " + std::to_string(it) +
                    (node_failed ? " (the ITB node did not balance)" : "") + " (|F| = " +
                    fmt(rep.residual_force) + " N, |M| = " + fmt(rep.residual_moment) + " N m" +
                    (tf ? ", tibia |Q_t| = " + fmt(rep.tibia_residual_force) + " N, |Q_r| = " +
                              fmt(rep.tibia_residual_moment) + " N m" : std::string()) + ")";
      rep.constraint_force = push;
      finish();
      return rep;
    }
  }
  rep.constraint_force = push;
  rep.message = "no convergence in " + std::to_string(opt.max_iterations) + " iterations (|F| = " +
                fmt(rep.residual_force) + " N, |M| = " + fmt(rep.residual_moment) + " N m" +
                (tf ? ", tibia |Q_t| = " + fmt(rep.tibia_residual_force) + " N, |Q_r| = " +
                          fmt(rep.tibia_residual_moment) + " N m" : std::string()) + ")";
  finish();
  return rep;
}

}  // namespace

EquilibriumReport solve_equilibrium(const Model& model, const KneeFrames& frames,
                                    const KneeLoads& loads, const SolverOptions& opt,
                                    EquilibriumWorkspace& ws, PatellaState& state) {
  if (opt.solve_tibiofemoral)
    throw std::logic_error("solve_equilibrium: solving the tibiofemoral coordinates needs the "
                           "overload that returns the frames");
  return solve_impl(model, frames, nullptr, loads, opt, ws, state);
}

EquilibriumReport solve_equilibrium(const Model& model, KneeFrames& frames,
                                    const KneeLoads& loads, const SolverOptions& opt,
                                    EquilibriumWorkspace& ws, PatellaState& state) {
  return solve_impl(model, frames, &frames, loads, opt, ws, state);
}

}  // namespace patella
