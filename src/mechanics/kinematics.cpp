#include "patella/mechanics/kinematics.hpp"

#include <Eigen/LU>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {

namespace {

// the natural cubic spline through (x, y) with second derivatives y2 (Numerical Recipes' splint);
// outside the knots a line with the end slope
double eval_spline(const std::vector<double>& x, const std::vector<double>& y,
                   const std::vector<double>& y2, double xq) {
  const std::size_t n = x.size();
  if (n == 1) return y[0];
  if (n == 2) return y[0] + (y[1] - y[0]) * (xq - x[0]) / (x[1] - x[0]);
  if (xq <= x.front() || xq >= x.back()) {
    const std::size_t i = xq <= x.front() ? 0 : n - 2;
    const double h = x[i + 1] - x[i];
    const double slope = (y[i + 1] - y[i]) / h +
                         (xq <= x.front() ? -h * (2 * y2[i] + y2[i + 1]) / 6.0
                                          : h * (y2[i] + 2 * y2[i + 1]) / 6.0);
    const double x0 = xq <= x.front() ? x.front() : x.back();
    const double y0 = xq <= x.front() ? y.front() : y.back();
    return y0 + slope * (xq - x0);
  }
  std::size_t lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (x[mid] > xq ? hi : lo) = mid;
  }
  const double h = x[hi] - x[lo];
  const double a = (x[hi] - xq) / h, b = (xq - x[lo]) / h;
  return a * y[lo] + b * y[hi] + ((a * a * a - a) * y2[lo] + (b * b * b - b) * y2[hi]) * h * h / 6.0;
}

// rotation-vector log of a rotation matrix (small-angle safe)
Vec3 rotation_log(const Mat3& R) {
  const Eigen::AngleAxisd aa(R);
  return aa.axis() * aa.angle();
}

}  // namespace

double eval_function(const Function& f, double x) {
  switch (f.kind) {
    case Function::Kind::Constant: return f.scale * f.value;
    case Function::Kind::Linear: return f.scale * (f.slope * x + f.intercept);
    case Function::Kind::SimmSpline: return f.scale * eval_spline(f.x, f.y, f.y2, x);
  }
  return 0.0;
}

Transform joint_transform(const Joint& joint, const double* q) {
  Transform X;
  if (!joint.custom) return X;  // WeldJoint: identity between the offset frames
  double f[6];
  for (int k = 0; k < 6; ++k) {
    const JointAxis& ax = joint.axes[k];
    f[k] = eval_function(ax.function, ax.coordinate >= 0 ? q[ax.coordinate] : 0.0);
  }
  // body-fixed rotation sequence, then translations along the parent-frame axes
  X.R = axis_angle(joint.axes[0].axis, f[0]) * axis_angle(joint.axes[1].axis, f[1]) *
        axis_angle(joint.axes[2].axis, f[2]);
  X.p = f[3] * joint.axes[3].unit_axis + f[4] * joint.axes[4].unit_axis +
        f[5] * joint.axes[5].unit_axis;
  return X;
}

Transform joint_child_in_parent(const Joint& joint, const double* q) {
  return joint.X_PJ * joint_transform(joint, q) * joint.X_JC;
}

std::vector<double> joint_coordinates(const Joint& joint, const Transform& X_target,
                                      const std::vector<double>& q0, std::vector<double> q) {
  const std::size_t n = joint.coordinates.size();
  PATELLA_THROW_UNLESS(q0.size() == n && n <= 6);
  for (std::size_t j = 0; j < n; ++j) {
    PATELLA_THROW_UNLESS(joint.coordinates[j] >= 0 &&
                         static_cast<std::size_t>(joint.coordinates[j]) < q.size());
    q[joint.coordinates[j]] = q0[j];
  }
  auto residual = [&](const std::vector<double>& qq) {
    const Transform X = joint_child_in_parent(joint, qq.data());
    Eigen::Matrix<double, 6, 1> r;
    r << rotation_log(X_target.R.transpose() * X.R), X.p - X_target.p;
    return r;
  };
  for (int it = 0; it < 50; ++it) {
    const Eigen::Matrix<double, 6, 1> r = residual(q);
    if (r.norm() < 1e-12) break;
    // finite-difference Jacobian: only used for output conversion, never in a hot loop
    Eigen::MatrixXd J(6, n);
    for (std::size_t j = 0; j < n; ++j) {
      std::vector<double> qp = q;
      qp[joint.coordinates[j]] += 1e-7;
      J.col(j) = (residual(qp) - r) / 1e-7;
    }
    const Eigen::VectorXd dq = J.colPivHouseholderQr().solve(-r);
    for (std::size_t j = 0; j < n; ++j) q[joint.coordinates[j]] += dq[j];
    if (dq.norm() < 1e-13) break;
  }
  if (residual(q).norm() > 1e-8)
    throw SimulationError("joint '" + joint.name +
                          "': could not find coordinates for the given pose (residual " +
                          fmt(residual(q).norm()) + ")");
  std::vector<double> out(n);
  for (std::size_t j = 0; j < n; ++j) out[j] = q[joint.coordinates[j]];
  return out;
}

Transform femur_turn_under_tibia(const Mat3& R_turned, const Mat3& R_plain, const Vec3& c) {
  const Mat3 A = R_turned.transpose() * R_plain;
  return {A, c - A * c};
}

namespace {
// the pose in ground of `body` with coordinates q, walking up its joints to ground
Transform pose_of(const KinematicTree& tree, int body, const double* q) {
  const int j = tree.joint_of_body[body];
  if (j < 0) return Transform{};
  const Joint& joint = tree.joints[j];
  if (joint.parent == 0) return joint_child_in_parent(joint, q);
  return pose_of(tree, joint.parent, q) * joint_child_in_parent(joint, q);
}
}  // namespace

Transform femur_turn(const KinematicTree& tree, const FemurTurn& turn, const double* q,
                     const Transform& X_G_femur) {
  const Joint& knee = tree.joints[turn.knee_joint];
  std::vector<double> q_plain(q, q + tree.coordinates.size());
  q_plain[turn.coordinate] -= turn.angle;
  const Transform X_plain = pose_of(tree, knee.parent, q_plain.data());
  return femur_turn_under_tibia(X_G_femur.R, X_plain.R, knee.X_PJ.p);
}

std::vector<int> bodies_below(const KinematicTree& tree, int joint) {
  std::vector<char> below(tree.bodies.size(), 0);
  below[tree.joints[joint].child] = 1;
  std::vector<int> out{tree.joints[joint].child};
  // joints are stored parents first, so one pass finds every descendant
  for (std::size_t j = joint + 1; j < tree.joints.size(); ++j)
    if (below[tree.joints[j].parent] && !below[tree.joints[j].child]) {
      below[tree.joints[j].child] = 1;
      out.push_back(tree.joints[j].child);
    }
  return out;
}

void body_poses(const KinematicTree& tree, const std::vector<int>& joints, const double* q,
                std::vector<Transform>& X_G, const FemurTurn& turn) {
  X_G.resize(tree.bodies.size());
  X_G[0] = Transform{};
  const std::size_t n = joints.empty() ? tree.joints.size() : joints.size();
  for (std::size_t k = 0; k < n; ++k) {
    const int j = joints.empty() ? static_cast<int>(k) : joints[k];
    const Joint& joint = tree.joints[j];
    const Transform X_PC = joint_child_in_parent(joint, q);
    if (j == turn.knee_joint && turn.angle != 0.0) {
      // the knee hangs from the turned femur as from the plain one (femur_turn_under_tibia)
      const Transform& X_parent = X_G[joint.parent];
      X_G[joint.child] = X_parent * femur_turn(tree, turn, q, X_parent) * X_PC;
    } else {
      // ground's children take the joint's pose as it is (no product with the identity)
      X_G[joint.child] = joint.parent == 0 ? X_PC : X_G[joint.parent] * X_PC;
    }
  }
}

}  // namespace patella
