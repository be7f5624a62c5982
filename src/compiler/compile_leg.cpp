#include "patella/compiler/compile_leg.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "patella/compiler/compile_kinematics.hpp"
#include "patella/core/error.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/muscle/millard_curves.hpp"
#include "patella/muscle/muscle_edit.hpp"

namespace patella {

bool has_leg(const ModelSpec& spec) {
  for (const std::string& b : leg_body_names())
    if (!spec.find_body(b)) return false;
  for (const std::string& j : leg_joint_names())
    if (!spec.find_joint(j)) return false;
  return true;
}

Leg make_leg(const Model& knee) {
  Leg leg;
  leg.knee = &knee;
  const ModelSpec& spec = knee.spec;
  for (int b = 0; b < kNumLegBodies; ++b) {
    const BodySpec* body = spec.find_body(leg_body_names()[b]);
    if (!body) throw ModelError(spec.source_file + ": the leg needs body '" + leg_body_names()[b] + "'");
    LegBodyInfo& info = leg.bodies[b];
    info.name = body->name;
    info.mass = body->mass;
    info.mass_center = body->mass_center;
    const auto& I = body->inertia;  // Ixx Iyy Izz Ixy Ixz Iyz
    info.inertia << I[0], I[3], I[4], I[3], I[1], I[5], I[4], I[5], I[2];
  }
  const KinematicTree& tree = knee.tree;
  for (int b = 0; b < kNumLegBodies; ++b) leg.body_index[b] = tree.body(leg_body_names()[b]);
  for (std::size_t j = 0; j < leg_joint_names().size(); ++j) {
    leg.joints[j] = tree.joint(leg_joint_names()[j]);
    if (leg.joints[j] < 0)
      throw ModelError(spec.source_file + ": the leg needs joint '" + leg_joint_names()[j] + "'");
    leg.chain.push_back(leg.joints[j]);
  }
  // the chain's coordinates must be the ones LegDof names, in this order
  const auto& names = leg_dof_names();
  auto expect = [&](int j, std::size_t c, int dof) {
    const Joint& joint = tree.joints[j];
    if (c >= joint.coordinates.size() || tree.coordinates[joint.coordinates[c]].name != names[dof])
      throw ModelError(spec.source_file + ": joint '" + joint.name + "' coordinate " +
                       std::to_string(c + 1) + " must be '" + names[dof] + "'");
    leg.dofs[dof] = joint.coordinates[c];
  };
  for (int c = 0; c < 6; ++c) expect(leg.joints[0], c, kPelvisTilt + c);
  for (int c = 0; c < 3; ++c) expect(leg.joints[1], c, kHipFlex + c);
  expect(leg.joints[3], 0, kKneeFlex);
  expect(leg.joints[5], 0, kAnkleFlex);
  expect(leg.joints[6], 0, kSubtalar);
  expect(leg.joints[7], 0, kMtp);
  // each joint of the chain joins the leg's bodies in order (ground -> pelvis -> ... -> toes), so
  // body_poses over the chain reaches every LegBody but the patella
  static const std::array<std::pair<int, int>, 8> kJoins{{{-1, kPelvis}, {kPelvis, kFemur},
      {kFemur, kFemurDistal}, {kFemurDistal, kTibiaProximal}, {kTibiaProximal, kTibia},
      {kTibia, kTalus}, {kTalus, kCalcn}, {kCalcn, kToes}}};
  for (std::size_t j = 0; j < leg.chain.size(); ++j) {
    const Joint& joint = tree.joints[leg.chain[j]];
    const int parent = kJoins[j].first < 0 ? 0 : leg.body_index[kJoins[j].first];
    if (joint.parent != parent || joint.child != leg.body_index[kJoins[j].second])
      throw ModelError(spec.source_file + ": joint '" + joint.name + "' must join '" +
                       tree.bodies[parent] + "' to '" + leg_body_names()[kJoins[j].second] + "'");
  }
  if (tree.joints[leg.joints[3]].coordinates.size() != 6)
    throw ModelError(spec.source_file + ": joint 'knee_r' must have 6 coordinates");
  for (const BodySpec& b : spec.bodies) leg.body_mass += b.mass;
  return leg;
}

std::vector<LegWrap> make_leg_wraps(const ModelSpec& spec) {
  std::vector<LegWrap> out;
  for (const WrapSpec& w : spec.wraps) {
    const int body = leg_body_index(w.body);
    if (body < 0) continue;
    LegWrap lw;
    lw.name = w.name;
    lw.body = body;
    lw.X_BW = Transform{body_fixed_xyz(w.xyz_body_rotation), w.translation};
    lw.quadrant = w.quadrant;
    if (w.type == "WrapCylinder") {
      lw.type = LegWrap::Type::Cylinder;
      lw.radius = w.radius;
    } else if (w.type == "WrapEllipsoid") {
      lw.type = LegWrap::Type::Ellipsoid;
      lw.radii = w.dimensions;
    } else if (w.type == "WrapSphere") {
      lw.type = LegWrap::Type::Sphere;
      lw.radius = w.radius;
      lw.radii = Vec3::Constant(w.radius);
    } else {
      throw ModelError(spec.source_file + ": wrap object '" + w.name + "' has unsupported type '" +
                       w.type + "'");
    }
    out.push_back(lw);
  }
  return out;
}

LegPath make_leg_path(const std::vector<LegWrap>& wraps, const PathSpec& path,
                      const std::string& owner) {
  LegPath lp;
  auto dof_of = [&](const std::string& coordinate, const PathPointSpec& p) {
    for (int d = 0; d < kNumLegDofs; ++d)
      if (leg_dof_names()[d] == coordinate) return d;
    throw ModelError("'" + owner + "': " + p.type + " '" + p.name + "' follows coordinate '" +
                     coordinate + "', which is not one of the leg's");
  };
  for (const PathPointSpec& p : path.points) {
    const int body = leg_body_index(p.body);
    if (body < 0)
      throw ModelError("'" + owner + "': path point '" + p.name + "' is on body '" + p.body +
                       "', which is not part of the right leg");
    lp.bodies.push_back(body);
    lp.points.push_back(p.location);
    lp.condition_dof.push_back(p.type == "ConditionalPathPoint" ? dof_of(p.coordinate, p) : -1);
    lp.condition_range.push_back({p.range_min, p.range_max});
    std::array<int, 3> md{-1, -1, -1};
    if (p.type == "MovingPathPoint")
      for (int k = 0; k < 3; ++k)
        if (p.moving[k]) {
          md[k] = dof_of(p.coordinates[k], p);
          lp.has_moving_points = true;
        }
    lp.moving_dof.push_back(md);
    lp.moving_function.push_back({compile_function(p.functions[0]), compile_function(p.functions[1]),
                                  compile_function(p.functions[2])});
  }
  for (const std::string& name : path.wraps) {
    int found = -1;
    for (std::size_t w = 0; w < wraps.size(); ++w)
      if (wraps[w].name == name) found = static_cast<int>(w);
    if (found < 0)
      throw ModelError("'" + owner + "': wrap object '" + name + "' is not on a leg body");
    lp.wraps.push_back(found);
  }
  if (lp.points.size() < 2) throw ModelError("'" + owner + "': a path needs two points");
  return lp;
}

MuscleSet make_muscle_set(const Model& knee, const std::vector<std::string>& itb_muscles) {
  MuscleSet set;
  const ModelSpec& spec = knee.spec;
  set.wraps = make_leg_wraps(spec);
  for (const MuscleSpec& m : spec.muscles) {
    bool on_leg = !m.path.points.empty();
    for (const PathPointSpec& p : m.path.points) on_leg = on_leg && leg_body_index(p.body) >= 0;
    if (!on_leg) continue;  // another limb's muscle
    LegMuscle lm;
    lm.name = m.name;
    lm.path = make_leg_path(set.wraps, m.path, m.name);
    lm.curves = build_millard_curves(m.curves);
    lm.params.max_isometric_force = m.max_isometric_force;
    lm.params.optimal_fiber_length = m.optimal_fiber_length;
    lm.params.tendon_slack_length = m.tendon_slack_length;
    lm.params.pennation_angle_at_optimal = m.pennation_angle_at_optimal;
    lm.params.max_contraction_velocity = m.max_contraction_velocity;
    lm.minimum_activation = m.minimum_activation;
    lm.activation_time_constant = m.activation_time_constant;
    lm.deactivation_time_constant = m.deactivation_time_constant;
    // the spec's what-if edit (a scenario sets it before compiling; none by default, and then
    // tightened_params leaves the parameters exactly as they are)
    lm.edit = m.edit;
    lm.params = tightened_params(lm.params, m.edit);
    lm.activation_floor = m.activation_floor;
    for (std::size_t q = 0; q < knee.muscles.size(); ++q)
      if (knee.muscles[q].name == m.name) lm.quadriceps = static_cast<int>(q);
    lm.into_itb = std::find(itb_muscles.begin(), itb_muscles.end(), m.name) != itb_muscles.end();
    set.muscles.push_back(std::move(lm));
  }
  // the patellar muscles (Model::muscles, heads included) in their order
  set.quadriceps.assign(knee.muscles.size(), -1);
  for (std::size_t i = 0; i < set.muscles.size(); ++i)
    if (set.muscles[i].quadriceps >= 0) set.quadriceps[set.muscles[i].quadriceps] = static_cast<int>(i);
  for (std::size_t q = 0; q < knee.muscles.size(); ++q)
    if (set.quadriceps[q] < 0)
      throw ModelError(spec.source_file + ": quadriceps muscle '" + knee.muscles[q].name +
                       "' not found on the leg");
  for (const std::string& name : itb_muscles) {
    const bool found = std::any_of(set.muscles.begin(), set.muscles.end(),
                                   [&](const LegMuscle& m) { return m.name == name; });
    if (!found)
      throw ModelError(knee.spec.itb_link.source + ": ITB muscle '" + name +
                       "' is not a muscle of the leg");
  }
  set.itb.muscles = itb_muscles;
  const LigamentSpec* itb = spec.find_ligament(spec.itb_link.itb_ligament);
  if (!itb)
    throw ModelError(spec.source_file + ": ITB ligament '" + spec.itb_link.itb_ligament +
                     "' not found");
  set.itb.path = make_leg_path(set.wraps, itb->path, itb->name);
  set.itb.params = {itb->linear_stiffness, itb->slack_length, itb->transition_strain};
  return set;
}

FootLine make_foot_line(const ModelSpec& spec) {
  std::map<std::string, Vec3> markers;
  for (const MarkerSpec& m : spec.markers) markers[m.name] = m.location;
  for (const char* name : {"R.Heel", "R.MT5"})
    if (!markers.count(name))
      throw ModelError(spec.source_file + ": marker '" + std::string(name) +
                       "' (for the foot's centre of pressure line) is missing");
  const JointSpec* mtp = spec.find_joint("mtp_r");
  const BodySpec* toes = spec.find_body("toes_r");
  if (!mtp || !toes) throw ModelError(spec.source_file + ": needs joint mtp_r and body toes_r");
  const std::vector<double> q_mtp(mtp->coordinates.size(), 0.0);  // the toes straight
  const Transform X_calcn_toes = joint_child_in_parent(compile_joint(*mtp), q_mtp.data());
  FootLine foot;
  const double sole_y = markers["R.MT5"].y();
  foot.heel_calcn = markers["R.Heel"];
  foot.heel_calcn.y() = sole_y;
  foot.toe_calcn = X_calcn_toes * (2.0 * toes->mass_center);
  foot.toe_calcn.y() = sole_y;
  return foot;
}

}  // namespace patella
