#include "patella/compiler/compile_kinematics.hpp"

#include <algorithm>

#include "patella/core/error.hpp"

namespace patella {

namespace {

// natural cubic spline second derivatives (Numerical Recipes tridiagonal solve)
std::vector<double> spline_second_derivatives(const std::vector<double>& x,
                                              const std::vector<double>& y) {
  const std::size_t n = x.size();
  std::vector<double> y2(n, 0.0), u(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
    const double p = sig * y2[i - 1] + 2.0;
    y2[i] = (sig - 1.0) / p;
    const double d = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
    u[i] = (6.0 * d / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
  }
  for (std::size_t k = n - 1; k-- > 0;) y2[k] = y2[k] * y2[k + 1] + u[k];
  return y2;
}

}  // namespace

Function compile_function(const FunctionSpec& f) {
  Function out;
  out.value = f.value;
  out.slope = f.slope;
  out.intercept = f.intercept;
  out.scale = f.scale;
  switch (f.kind) {
    case FunctionSpec::Kind::Constant: out.kind = Function::Kind::Constant; break;
    case FunctionSpec::Kind::Linear: out.kind = Function::Kind::Linear; break;
    case FunctionSpec::Kind::SimmSpline:
      out.kind = Function::Kind::SimmSpline;
      out.x = f.x;
      out.y = f.y;
      if (f.x.size() > 2) out.y2 = spline_second_derivatives(f.x, f.y);
      break;
  }
  return out;
}

Joint compile_joint(const JointSpec& j, const std::vector<int>& coordinates, int parent,
                    int child) {
  PATELLA_THROW_UNLESS(coordinates.size() == j.coordinates.size());
  Joint out;
  out.name = j.name;
  out.custom = j.type == "CustomJoint";
  out.parent = parent;
  out.child = child;
  out.X_PJ = {body_fixed_xyz(j.parent.orientation), j.parent.translation};
  out.X_JC = Transform{body_fixed_xyz(j.child.orientation), j.child.translation}.inverse();
  out.coordinates = coordinates;
  for (int k = 0; k < 6; ++k) {
    const TransformAxisSpec& ax = j.axes[k];
    JointAxis& a = out.axes[k];
    // an axis naming a coordinate the joint does not have reads 0 (as the coordinate's absence)
    for (std::size_t i = 0; i < j.coordinates.size(); ++i)
      if (!ax.coordinate.empty() && j.coordinates[i].name == ax.coordinate) a.coordinate = coordinates[i];
    a.axis = ax.axis;
    a.unit_axis = ax.axis.normalized();
    a.function = compile_function(ax.function);
  }
  return out;
}

Joint compile_joint(const JointSpec& j) {
  std::vector<int> local(j.coordinates.size());
  for (std::size_t i = 0; i < local.size(); ++i) local[i] = static_cast<int>(i);
  return compile_joint(j, local, 0, 1);
}

KinematicTree compile_kinematic_tree(const ModelSpec& spec) {
  KinematicTree t;
  t.bodies.push_back("ground");
  for (const BodySpec& b : spec.bodies)
    if (t.body(b.name) < 0) t.bodies.push_back(b.name);  // the .osim's Ground is read as a body
  auto body = [&](const std::string& name) {
    int i = t.body(name);
    if (i < 0) {
      t.bodies.push_back(name);
      i = static_cast<int>(t.bodies.size()) - 1;
    }
    return i;
  };
  // one coordinate per name, in the file's joint order
  for (const JointSpec& j : spec.joints)
    for (const CoordinateSpec& c : j.coordinates)
      if (t.coordinate(c.name) < 0) {
        t.coordinates.push_back({c.name, c.default_value, -1});
        t.default_q.push_back(c.default_value);
      }
  // parents before children: passes over the file's joints until none adds a body
  std::vector<char> placed(t.bodies.size(), 0);
  placed[0] = 1;
  bool added = true;
  while (added) {
    added = false;
    for (const JointSpec& j : spec.joints) {
      const int parent = body(j.parent.body), child = body(j.child.body);
      placed.resize(t.bodies.size(), 0);
      if (placed[child] || !placed[parent]) continue;
      std::vector<int> coords;
      for (const CoordinateSpec& c : j.coordinates) coords.push_back(t.coordinate(c.name));
      t.joints.push_back(compile_joint(j, coords, parent, child));
      for (int c : coords)
        if (t.coordinates[c].joint < 0) t.coordinates[c].joint = static_cast<int>(t.joints.size()) - 1;
      placed[child] = 1;
      added = true;
    }
  }
  for (const BodySpec& b : spec.bodies)
    if (!placed[t.body(b.name)])
      throw ModelError(spec.source_file + ": body '" + b.name + "' has no joint path to ground");
  // a second joint onto a body that already hangs from one would close a loop: not supported
  if (t.joints.size() < spec.joints.size())
    for (const JointSpec& j : spec.joints)
      if (t.joint(j.name) < 0)
        for (const Joint& other : t.joints)
          if (other.child == t.body(j.child.body))
            throw ModelError(spec.source_file + ": joint '" + j.name + "' joins '" + j.parent.body +
                             "' to '" + j.child.body + "', which already hangs from joint '" +
                             other.name + "' (closed kinematic loops are not supported)");
  t.joint_of_body.assign(t.bodies.size(), -1);
  for (std::size_t j = 0; j < t.joints.size(); ++j)
    t.joint_of_body[t.joints[j].child] = static_cast<int>(j);
  return t;
}

}  // namespace patella
