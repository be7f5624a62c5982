#include "patella/compiler/compile.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "patella/compiler/compile_itb.hpp"
#include "patella/compiler/compile_kinematics.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/core/error.hpp"
#include "patella/mechanics/contact.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/kinematics.hpp"

namespace patella {

namespace {

[[noreturn]] void fail(const ModelSpec& spec, const std::string& element, const std::string& name,
                       const std::string& key, double value, const std::string& rule) {
  throw ModelError(spec.source_file + ": " + element + " '" + name + "': " + key + " = " +
                   fmt(value) + " " + rule);
}

void require_positive(const ModelSpec& spec, const std::string& element, const std::string& name,
                      const std::string& key, double value) {
  if (!(value > 0.0) || !std::isfinite(value)) fail(spec, element, name, key, value, "must be > 0");
}

const TriMesh& mesh_of(const ModelSpec& spec, const std::string& file, const std::string& owner) {
  auto it = spec.mesh_data.find(file);
  if (it == spec.mesh_data.end() || it->second.faces.empty())
    throw ModelError(spec.source_file + ": " + owner + ": mesh_file '" + file +
                     "' was not loaded (missing from " + spec.geometry_dir + "?)");
  return it->second;
}

TriMesh transformed(const TriMesh& m, const Transform& X) {
  TriMesh out = m;
  for (Vec3& v : out.vertices) v = X * v;
  return out;
}

// A head's insertion on the patella's medial or lateral border (PHYSICS.md 5.3), superior half:
// the centroid of the bone-mesh vertices with y > 0 within 3 mm of the most medial (lateral) one.
Vec3 patellar_border_point(const ModelSpec& spec, const KneeNames& names, bool lateral) {
  const BodySpec* pb = spec.find_body(names.patella);
  const TriMesh* bone = nullptr;
  if (pb)
    for (const MeshRefSpec& mr : pb->meshes)
      if (auto it = spec.mesh_data.find(mr.file); it != spec.mesh_data.end() && mr.file.find("bone") != std::string::npos)
        bone = &it->second;
  if (!bone)
    throw ModelError(spec.source_file + ": a quadriceps head on the patellar border needs a patellar bone mesh");
  const double side = lateral ? 1.0 : -1.0;
  double extreme = -1e300;
  for (const Vec3& v : bone->vertices)
    if (v.y() > 0.0) extreme = std::max(extreme, side * v.z());
  Vec3 sum = Vec3::Zero();
  int n = 0;
  for (const Vec3& v : bone->vertices)
    if (v.y() > 0.0 && side * v.z() > extreme - 3e-3) sum += v, ++n;
  if (n == 0)
    throw ModelError(spec.source_file + ": the patellar bone mesh has no vertex in its superior half "
                     "for a quadriceps head's border insertion");
  return sum / n;
}

}  // namespace

std::unique_ptr<Model> compile(ModelSpec spec_in, const KneeNames& names, CompileScope scope) {
  const bool contact = scope == CompileScope::Full;
  auto model = std::make_unique<Model>();
  Model& m = *model;
  m.names = names;
  m.spec = std::move(spec_in);
  const ModelSpec& spec = m.spec;
  m.warnings = spec.warnings;

  // joints of the knee
  for (const std::string& body : {names.femur, names.patella, names.tibia})
    if (!spec.find_body(body))
      throw ModelError(spec.source_file + ": the knee needs body '" + body + "', which is absent");
  const JointSpec* pf_joint = spec.find_joint(names.pf_joint);
  const JointSpec* knee_joint = spec.find_joint(names.knee_joint);
  for (const JointSpec* j : {pf_joint, knee_joint}) {
    const std::string& jn = j == pf_joint ? names.pf_joint : names.knee_joint;
    if (!j) throw ModelError(spec.source_file + ": joint '" + jn + "' is absent");
    if (j->type != "CustomJoint" || j->coordinates.size() != 6)
      throw ModelError(spec.source_file + ": joint '" + jn +
                       "' must be a CustomJoint with 6 coordinates (has type " + j->type + ", " +
                       std::to_string(j->coordinates.size()) + " coordinates)");
  }
  if (pf_joint->parent.body != names.femur || pf_joint->child.body != names.patella)
    throw ModelError(spec.source_file + ": joint '" + names.pf_joint + "' must join " +
                     names.femur + " to " + names.patella);
  for (const CoordinateSpec& c : pf_joint->coordinates) m.pf_default.push_back(c.default_value);

  // every joint, compiled once: the one kinematics path of the knee solver and the gait chain
  m.tree = compile_kinematic_tree(spec);
  m.pf_joint = m.tree.joint(names.pf_joint);
  m.knee_joint = m.tree.joint(names.knee_joint);
  for (const auto& [index, name] : {std::pair<int, std::string>{m.pf_joint, names.pf_joint},
                                    {m.knee_joint, names.knee_joint}})
    if (index < 0)
      throw ModelError(spec.source_file + ": joint '" + name +
                       "' is not on a path from ground (its parent is unreachable, or its child "
                       "already hangs from another joint)");
  m.hip_joint = m.tree.joint(names.hip_joint);
  m.femur = m.tree.body(names.femur);
  m.patella = m.tree.body(names.patella);
  auto body_index = [&](const std::string& body, const std::string& owner) {
    const int b = m.tree.body(body);
    if (b < 0)
      throw ModelError(spec.source_file + ": " + owner + " is attached to body '" + body +
                       "', which is absent");
    return b;
  };

  // contact: elastic foundation between a casting cartilage (the patella's, the tibia's) and
  // the femoral (target) cartilage, as a Smith2018ArticularContactForce describes it
  // shared: the target surface built for the first force, reused by a later one on the same mesh
  const ContactMeshSpec* built_target = nullptr;
  double built_max_proximity = 0.0;
  auto compile_contact = [&](const ContactForceSpec* cf, const std::string& casting_body) {
    const ContactMeshSpec* cast = spec.find_contact_mesh(cf->casting_mesh);
    const ContactMeshSpec* target = spec.find_contact_mesh(cf->target_mesh);
    if (!cast || !target)
      throw ModelError(spec.source_file + ": Smith2018ArticularContactForce '" + cf->name +
                       "': contact mesh '" + (!cast ? cf->casting_mesh : cf->target_mesh) +
                       "' is absent");
    if (cast->body != casting_body || target->body != names.femur)
      throw ModelError(spec.source_file + ": Smith2018ArticularContactForce '" + cf->name +
                       "': casting mesh must be on " + casting_body + " and target on " +
                       names.femur);
    for (const ContactMeshSpec* cm : {cast, target}) {
      require_positive(spec, "Smith2018ContactMesh", cm->name, "elastic_modulus", cm->elastic_modulus);
      require_positive(spec, "Smith2018ContactMesh", cm->name, "thickness", cm->thickness);
      if (!(cm->poissons_ratio >= 0.0 && cm->poissons_ratio < 0.5))
        fail(spec, "Smith2018ContactMesh", cm->name, "poissons_ratio", cm->poissons_ratio,
             "must be in [0, 0.5)");
    }
    if (cast->elastic_modulus != target->elastic_modulus ||
        cast->poissons_ratio != target->poissons_ratio)
      m.warnings.push_back("contact meshes '" + cast->name + "' and '" + target->name +
                           "' differ in E or v; the casting mesh's values are used");
    if (!(cf->max_proximity > cf->min_proximity))
      fail(spec, "Smith2018ArticularContactForce", cf->name, "max_proximity", cf->max_proximity,
           "must exceed min_proximity");
    if (cf->formulation != "linear" || !cf->lumped)
      throw ModelError(spec.source_file + ": Smith2018ArticularContactForce '" + cf->name +
                       "': only the linear, lumped formulation is supported (file has '" +
                       cf->formulation + "', lumped=" + (cf->lumped ? "true" : "false") + ")");
    const TriMesh cast_B = transformed(mesh_of(spec, cast->mesh_file, cast->name),
                                       {body_fixed_xyz(cast->orientation), cast->location});
    // the femoral cartilage's BVH and distance grid take most of the load time: built once
    if (built_target == target && built_max_proximity >= cf->max_proximity)
      return make_contact_model(m.contact.target, built_max_proximity, cast_B, cast->elastic_modulus,
                                cast->poissons_ratio, cast->thickness + target->thickness,
                                cf->min_proximity, cf->max_proximity);
    const TriMesh target_F = transformed(mesh_of(spec, target->mesh_file, target->name),
                                         {body_fixed_xyz(target->orientation), target->location});
    built_target = target;
    built_max_proximity = cf->max_proximity;
    return make_contact_model(target_F, cast_B, cast->elastic_modulus, cast->poissons_ratio,
                              cast->thickness + target->thickness, cf->min_proximity,
                              cf->max_proximity);
  };
  const ContactForceSpec* cf = spec.find_contact_force(names.pf_contact);
  if (!cf) throw ModelError(spec.source_file + ": contact force '" + names.pf_contact + "' is absent");
  if (contact) m.contact = compile_contact(cf, names.patella);
  // tibiofemoral contact (issue 15), when the file has it: the tibial cartilage on the femoral;
  // its compartments divide at the intercondylar gap
  if (const ContactForceSpec* tf = contact ? spec.find_contact_force(names.tf_contact) : nullptr) {
    m.tf_contact = compile_contact(tf, names.tibia);
    split_compartments(m.tf_contact.casting);
    m.has_tf_contact = true;
  }

  // wrap surfaces
  for (const WrapSpec& w : spec.wraps) {
    const Transform X{body_fixed_xyz(w.xyz_body_rotation), w.translation};
    if (w.type == "WrapCylinder") {
      require_positive(spec, "WrapCylinder", w.name, "radius", w.radius);
      m.cylinders.push_back({w.name, w.body, w.quadrant, body_index(w.body, "WrapCylinder '" + w.name + "'"), X, w.radius});
    } else if (w.type == "WrapEllipsoid") {
      m.ellipsoids.push_back({w.name, w.body, body_index(w.body, "WrapEllipsoid '" + w.name + "'"), X, w.dimensions});
    }
  }

  // ligaments with one end on the patella (unmodelled wraps are reported once per surface)
  std::map<std::string, std::string> unmodelled_wraps;  // "type 'name'" -> ligament names
  for (const LigamentSpec& l : spec.ligaments) {
    const auto& pts = l.path.points;
    const bool touches = std::any_of(pts.begin(), pts.end(),
                                     [&](const PathPointSpec& p) { return p.body == names.patella; });
    if (!touches) continue;
    require_positive(spec, "Blankevoort1991Ligament", l.name, "linear_stiffness", l.linear_stiffness);
    require_positive(spec, "Blankevoort1991Ligament", l.name, "slack_length", l.slack_length);
    require_positive(spec, "Blankevoort1991Ligament", l.name, "transition_strain", l.transition_strain);
    if (pts.size() != 2)
      throw ModelError(spec.source_file + ": Blankevoort1991Ligament '" + l.name +
                       "': a ligament on the patella must have 2 path points (has " +
                       std::to_string(pts.size()) + ")");
    const int pi = pts[0].body == names.patella ? 0 : 1;
    PatellaLigament pl{l.name, pts[pi].location, pts[1 - pi].body,
                       body_index(pts[1 - pi].body, "Blankevoort1991Ligament '" + l.name + "'"),
                       pts[1 - pi].location, {l.linear_stiffness, l.slack_length, l.transition_strain}, ""};
    for (const std::string& w : l.path.wraps) {
      const WrapSpec* ws = spec.find_wrap(w);
      if (ws && ws->type == "WrapEllipsoid") pl.wrap = w;
      std::string& who = unmodelled_wraps[(ws ? ws->type : std::string("wrap object")) + " '" + w + "'"];
      who += (who.empty() ? "" : ", ") + l.name;
    }
    m.ligaments.push_back(pl);
  }

  // ligaments between the femur and the tibia (or a body below it), for the solved tibiofemoral
  // coordinates; their ellipsoid and cylinder wraps are modelled (mechanics/tibiofemoral.cpp)
  m.tibia = m.tree.body(names.tibia);
  const std::vector<int> below = bodies_below(m.tree, m.knee_joint);
  auto is_below = [&](int b) { return std::find(below.begin(), below.end(), b) != below.end(); };
  for (const LigamentSpec& l : spec.ligaments) {
    const auto& pts = l.path.points;
    if (pts.size() != 2) continue;
    const int b0 = m.tree.body(pts[0].body), b1 = m.tree.body(pts[1].body);
    const int fi = b0 == m.femur && is_below(b1) ? 0 : b1 == m.femur && is_below(b0) ? 1 : -1;
    if (fi < 0) continue;
    require_positive(spec, "Blankevoort1991Ligament", l.name, "linear_stiffness", l.linear_stiffness);
    require_positive(spec, "Blankevoort1991Ligament", l.name, "slack_length", l.slack_length);
    require_positive(spec, "Blankevoort1991Ligament", l.name, "transition_strain", l.transition_strain);
    KneeLigament kl{l.name, fi == 0 ? b0 : b1, fi == 0 ? b1 : b0, pts[fi].location, pts[1 - fi].location,
                    {l.linear_stiffness, l.slack_length, l.transition_strain}, -1, -1};
    for (const std::string& w : l.path.wraps) {
      for (std::size_t e = 0; e < m.ellipsoids.size(); ++e)
        if (m.ellipsoids[e].name == w) kl.ellipsoid = static_cast<int>(e);
      for (std::size_t c = 0; c < m.cylinders.size(); ++c)
        if (m.cylinders[c].name == w) kl.cylinder = static_cast<int>(c);
    }
    if (kl.ellipsoid >= 0 && kl.cylinder >= 0)
      throw ModelError(spec.source_file + ": Blankevoort1991Ligament '" + l.name +
                       "': wraps over both an ellipsoid and a cylinder (one wrap per tibiofemoral "
                       "ligament is supported)");
    m.tf_ligaments.push_back(kl);
  }

  for (const auto& [surface, who] : unmodelled_wraps)
    m.warnings.push_back("ligaments " + who + ": wrapping over " + surface +
                         " is not modelled; straight paths are used");

  // quadriceps (each .osim muscle, or its heads in its place): the segment where the path
  // enters the patella
  std::vector<Transform> X_G0;  // the reference pose, for the heads' lines of action
  body_poses(m.tree, {}, m.tree.default_q.data(), X_G0);
  const Transform X_FG0 = X_G0[m.femur].inverse();
  for (const std::string& name : names.quadriceps) {
    std::vector<const MuscleSpec*> parts;
    for (const MuscleSpec& ms : spec.muscles)
      if (ms.name == name || ms.head_of == name) parts.push_back(&ms);
    if (parts.empty()) throw ModelError(spec.source_file + ": muscle '" + name + "' is absent");
    for (const MuscleSpec* ms : parts) {
      // a head is named as the overlay's head of its .osim muscle, not as an .osim element
      const std::string element = ms->head_of.empty() ? "Millard2012EquilibriumMuscle"
                                                      : "quadriceps head (of '" + ms->head_of + "')";
      require_positive(spec, element, ms->name, "max_isometric_force", ms->max_isometric_force);
      const auto& pts = ms->path.points;
      int entry = -1;
      for (std::size_t k = 1; k < pts.size(); ++k)
        if (pts[k].body == names.patella && pts[k - 1].body != names.patella) entry = static_cast<int>(k);
      if (entry < 0)
        throw ModelError(spec.source_file + ": " + element + " '" + ms->name +
                         "': path never enters " + names.patella);
      for (const PathPointSpec& p : pts)
        if (p.type != "PathPoint")
          m.warnings.push_back("muscle '" + ms->name + "': " + p.type + " '" + p.name +
                               "' treated as a fixed PathPoint");
      PatellaMuscle pm{ms->name, name, ms->max_isometric_force, ms->minimum_activation,
                       pts[entry].location, pts[entry - 1].body,
                       body_index(pts[entry - 1].body, "Millard2012EquilibriumMuscle '" + ms->name + "'"),
                       pts[entry - 1].location, -1};
      if (!ms->insertion.empty()) pm.p_K = patellar_border_point(spec, names, ms->insertion == "lateral_border");
      if (ms->has_frontal_angle) {
        // A head's own line (PHYSICS.md 5.3): from the patellar point a0 at the reference pose,
        // the .osim segment's direction u = (u_x, u_y, u_z) in F keeps its sagittal slope
        // u_x / u_y and gets the head's frontal slope tan(angle) = u_z / u_y. The head pulls
        // toward the femur-fixed point a0 + L u, L = the .osim segment's length there.
        const Vec3 a0 = X_FG0 * (X_G0[m.patella] * pm.p_K);
        const Vec3 prev0 = X_FG0 * (X_G0[pm.prev_body_index] * pm.prev_p_B);
        const Vec3 u0 = prev0 - a0;
        if (!(u0.y() > 0.0))
          throw ModelError(spec.source_file + ": quadriceps head '" + ms->name + "': the .osim segment of '" +
                           name + "' does not run proximally at the reference pose");
        const Vec3 u = Vec3(u0.x() / u0.y(), 1.0, std::tan(ms->frontal_angle)).normalized();
        pm.prev_body = names.femur;
        pm.prev_body_index = m.femur;
        pm.prev_p_B = a0 + u0.norm() * u;
      }
      for (const std::string& w : ms->path.wraps)
        for (std::size_t c = 0; c < m.cylinders.size(); ++c)
          if (m.cylinders[c].name == w) pm.wrap = static_cast<int>(c);
      if (!ms->wraps_at_patella) pm.wrap = -1;
      m.muscles.push_back(pm);
    }
  }

  // the ITB's pathway to the patella, built at the reference pose (every coordinate at its default)
  if (spec.itb_link.enabled && contact) {
    const ContactMeshSpec* cast = spec.find_contact_mesh(cf->casting_mesh);  // compile_contact checked it
    build_itb_pathway(m, cast->mesh_file, cast->name);
  }

  // tibiofemoral coupling table
  const TibiofemoralSpec& tf = spec.tibiofemoral;
  if (tf.mode != "coupled" && tf.mode != "zero")
    throw ModelError(spec.source_file + ": tibiofemoral: mode '" + tf.mode +
                     "' is not one of coupled, zero");
  if (tf.mode == "coupled") {
    if (tf.flexion.size() < 2)
      throw ModelError(spec.source_file + ": tibiofemoral: coupling table '" + tf.coupling_file +
                       "' has fewer than 2 rows");
    for (std::size_t k = 1; k < tf.flexion.size(); ++k)
      if (!(tf.flexion[k] > tf.flexion[k - 1]))
        throw ModelError(tf.coupling_file + ": entry " + std::to_string(k + 1) +
                         ": knee_flex_deg must increase (" + fmt(rad_to_deg(tf.flexion[k])) + ")");
    // C2 between the table's rows, so inverse dynamics sees smooth tibial accelerations. The
    // rows are 1-degree bins of one passive forward simulation; they are first smoothed with a
    // Gaussian of 2 deg standard deviation in flexion, so the prescribed secondary motion has no
    // sharper bends than that data resolves (unsmoothed, knee_tx bends at 35 deg fast enough to
    // put 50 N m spikes into the walking trial's swing-phase inverse dynamics).
    const double sigma = deg_to_rad(2.0);
    const std::size_t n = tf.flexion.size();
    for (int c = 0; c < 5; ++c) {
      std::vector<double> smooth(n);
      for (std::size_t i = 0; i < n; ++i) {
        double sw = 0.0, sv = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
          const double d = (tf.flexion[j] - tf.flexion[i]) / sigma;
          if (std::abs(d) > 3.0) continue;
          const double w = std::exp(-0.5 * d * d);
          sw += w;
          sv += w * tf.values[c][j];
        }
        smooth[i] = sv / sw;
      }
      m.tf_coupling[c] = CubicSpline(tf.flexion, smooth);
    }
  }
  if (m.itb.enabled && contact) calibrate_itb_bundles(m);

  // the gait side: the leg chain, its muscles with the spec's edits, and the foot line
  // (a knee-only command does not need it: what stops it is kept in leg_error and reported by
  // the gait's set-up, session/gait_setup.hpp)
  try {
    m.leg = make_leg(m);
    m.leg_muscles = make_muscle_set(m, spec.itb_link.muscles);
    m.has_leg = true;
    m.foot = make_foot_line(spec);
    m.has_foot = true;
  } catch (const ModelError& e) {
    (m.has_leg ? m.foot_error : m.leg_error) = e.what();
  }
  return model;
}

void calibrate_itb_bundles(Model& m) {
  if (!m.itb.enabled) return;
  m.itb.enabled = false;
  const KneeLoads tone = passive_tone_loads(m);
  EquilibriumWorkspace ws = make_equilibrium_workspace(m);
  PatellaState st = default_patella_state(m);
  const EquilibriumReport rep =
      solve_equilibrium(m, compute_knee_frames(m, KneePose{}), tone, SolverOptions{}, ws, st);
  if (!rep.converged)
    throw ModelError(m.spec.source_file + ": itb_patellar_link: the passive equilibrium at full "
                     "extension that sets the iliopatellar bundles' slack lengths did not converge (" +
                     rep.message + ")");
  // strain e_ref at the reference pose: l0 = l_ref / (1 + e_ref); the node sits at its anchor
  for (std::size_t i = 0; i < m.itb.bundle_p_K.size(); ++i) {
    const double l = (st.X_FK * m.itb.bundle_p_K[i] - m.itb.kaplan_anchor_F).norm();
    m.itb.bundle_params[i].slack_length = l / (1.0 + m.itb.reference_strain);
  }
  // linear stiffness k_i [N per unit strain] so that the bundles' linear-region stiffnesses
  // k_i / l0_i sum to the measured total, in equal parts
  const double n = static_cast<double>(m.itb.bundle_params.size());
  for (BlankevoortParams& b : m.itb.bundle_params)
    b.linear_stiffness = m.spec.itb_link.stiffness / n * b.slack_length;
  m.itb.enabled = true;
}

}  // namespace patella
