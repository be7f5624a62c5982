#include "patella/io/load_model.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "yaml_keys.hpp"
#include "patella/core/types.hpp"
#include "patella/compiler/spec_edits.hpp"
#include "patella/io/osim_reader.hpp"
#include "patella/io/stl_reader.hpp"

namespace fs = std::filesystem;

namespace patella {

using yaml_keys::check_keys;
using yaml_keys::get;
using yaml_keys::where;

void read_tf_coupling(const std::string& path, TibiofemoralSpec& tf) {
  std::ifstream in = open_input_file(path, "the tibiofemoral coupling table");
  tf.flexion.clear();
  for (auto& v : tf.values) v.clear();
  std::string line;
  int lineno = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string expected = "knee_flex_deg,knee_add_deg,knee_rot_deg,knee_tx_mm,knee_ty_mm,knee_tz_mm";
    if (!header) {  // column names and units, exactly
      if (line != expected)
        throw IoError(path + ":" + std::to_string(lineno) + ": header '" + line +
                      "' is not '" + expected + "'");
      header = true;
      continue;
    }
    std::stringstream ss(line);
    std::string cell;
    double v[6];
    for (int c = 0; c < 6; ++c) {
      if (!std::getline(ss, cell, ','))
        throw IoError(path + ":" + std::to_string(lineno) + ": expected 6 values");
      try {
        std::size_t used = 0;
        v[c] = std::stod(cell, &used);
        if ((used != cell.size() && cell.find_first_not_of(' ', used) != std::string::npos) ||
            !std::isfinite(v[c]))
          throw std::invalid_argument(cell);
      } catch (const std::exception&) {
        throw IoError(path + ":" + std::to_string(lineno) + ": column " + std::to_string(c + 1) +
                      " value '" + cell + "' is not a number");
      }
    }
    if (std::getline(ss, cell, ','))
      throw IoError(path + ":" + std::to_string(lineno) + ": more than 6 values");
    if (!tf.flexion.empty() && !(deg_to_rad(v[0]) > tf.flexion.back()))
      throw IoError(path + ":" + std::to_string(lineno) + ": knee_flex_deg " + fmt(v[0]) +
                    " does not increase");
    tf.flexion.push_back(deg_to_rad(v[0]));
    tf.values[0].push_back(deg_to_rad(v[1]));
    tf.values[1].push_back(deg_to_rad(v[2]));
    for (int c = 0; c < 3; ++c) tf.values[2 + c].push_back(v[3 + c] * 1e-3);
  }
  // the coupling is splined over flexion: one row (or none) has no curve to follow
  if (tf.flexion.size() < 2)
    throw IoError(path + ": needs at least 2 rows of values (has " +
                  std::to_string(tf.flexion.size()) + ")");
}

namespace {

// A contact mesh whose triangles are mostly degenerate (zero area: repeated or collinear
// vertices) has no surface to press on: the run found zero contact and still said
// "converged". Refused here, with the count. Zero area is relative to the mesh's size.
void check_contact_mesh(const std::string& path, const TriMesh& mesh) {
  Vec3 lo = mesh.vertices.front(), hi = lo;
  for (const Vec3& v : mesh.vertices) lo = lo.cwiseMin(v), hi = hi.cwiseMax(v);
  const double tiny = 1e-12 * (hi - lo).squaredNorm();
  std::size_t degenerate = 0;
  for (const auto& f : mesh.faces) {
    const Vec3 &a = mesh.vertices[f[0]], &b = mesh.vertices[f[1]], &c = mesh.vertices[f[2]];
    if (!(0.5 * (b - a).cross(c - a).norm() > tiny)) ++degenerate;
  }
  if (2 * degenerate > mesh.faces.size())
    throw IoError(path + ": " + std::to_string(degenerate) + " of " +
                  std::to_string(mesh.faces.size()) +
                  " triangles have zero area (degenerate); a contact mesh needs a surface");
}

}  // namespace

ModelSpec load_model_spec(const std::string& dir, const ModelLoadOptions& options) {
  const std::string overlay = (fs::path(dir) / "patella.yaml").string();
  if (!path_exists(overlay))
    throw IoError(overlay + ": model overlay not found (is '" + dir + "' a patella model folder?)");
  require_input_file(overlay, "the model overlay");
  YAML::Node root;
  try {
    root = YAML::LoadFile(overlay);
  } catch (const YAML::Exception& e) {
    throw ModelError(overlay + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  yaml_keys::check_no_duplicate_keys(overlay, root);
  check_keys(overlay, root, "the overlay",
             {"format_version", "name", "osim", "credits", "itb_patellar_link", "tibiofemoral",
              "display_meshes", "quadriceps_heads", "ligament_stiffness"});
  if (get<int>(overlay, root, "format_version", 0) != 1)
    throw ModelError(where(overlay, root) + ": format_version must be 1");
  const std::string osim_rel = get<std::string>(overlay, root, "osim", "");
  if (osim_rel.empty()) throw ModelError(overlay + ": key 'osim' (the .osim file) is required");

  ModelSpec spec = read_osim((fs::path(dir) / osim_rel).string());

  // meshes: contact meshes are required, display meshes optional
  std::set<std::string> contact_files;
  for (const ContactMeshSpec& c : spec.contact_meshes) contact_files.insert(c.mesh_file);
  std::set<std::string> wanted = contact_files;
  // stand-ins for display meshes the data set does not ship: body -> files (pictures only)
  if (const YAML::Node d = root["display_meshes"]) {
    if (!d.IsMap()) throw ModelError(where(overlay, d) + ": 'display_meshes' must map bodies to mesh files");
    for (const auto& kv : d) {
      const std::string body = yaml_keys::scalar(overlay, kv.first, "a display_meshes body");
      BodySpec* b = nullptr;
      for (BodySpec& x : spec.bodies)
        if (x.name == body) b = &x;
      if (!b) throw ModelError(where(overlay, kv.first) + ": display_meshes: no body '" + body + "'");
      for (const YAML::Node& f : kv.second) {
        const std::string file = yaml_keys::scalar(overlay, f, "a display mesh file");
        if (!path_exists((fs::path(spec.geometry_dir) / file).string()))
          throw IoError(where(overlay, f) + ": display mesh '" + file + "' not found in " + spec.geometry_dir);
        b->meshes.push_back({"display_" + file, file});
      }
    }
  }
  for (const BodySpec& b : spec.bodies)
    for (const MeshRefSpec& m : b.meshes) wanted.insert(m.file);
  for (const std::string& f : wanted) {
    const fs::path p = fs::path(spec.geometry_dir) / f;
    if (!path_exists(p.string())) {
      if (contact_files.count(f))
        throw IoError(p.string() + ": contact mesh file not found");
      continue;  // display-only mesh the data set does not ship (e.g. full femur bone)
    }
    spec.mesh_data[f] = read_stl(p.string());
    if (contact_files.count(f)) check_contact_mesh(p.string(), spec.mesh_data[f]);
  }

  // the ITB-patellar link
  if (const YAML::Node n = root["itb_patellar_link"]) {
    check_keys(overlay, n, "itb_patellar_link",
               {"enabled", "itb_ligament", "stiffness_N_per_mm", "failure_force_N", "source",
                "muscles", "bundles", "reference_strain", "kaplan_stiffness_N_per_mm"});
    spec.itb_link.enabled = get<bool>(overlay, n, "enabled", true);
    spec.itb_link.itb_ligament = get<std::string>(overlay, n, "itb_ligament", "ITB1");
    // physical ranges, so a NaN or 1e308 is named here rather than met inside a solve
    auto ranged = [&](const char* key, double fallback, double hi) {
      const double v = get<double>(overlay, n, key, fallback);
      if (!(v > 0 && v <= hi))
        throw ModelError(where(overlay, n[key]) + ": key '" + key + "' has value " + fmt(v) +
                         " which is not in (0, " + fmt(hi) + "]");
      return v;
    };
    spec.itb_link.stiffness = 1e3 * ranged("stiffness_N_per_mm", 97.0, 1e4);
    spec.itb_link.failure_force = ranged("failure_force_N", 582.0, 1e5);
    spec.itb_link.kaplan_stiffness = 1e3 * ranged("kaplan_stiffness_N_per_mm", 100.0, 1e5);
    spec.itb_link.bundles = get<int>(overlay, n, "bundles", 3);
    if (spec.itb_link.bundles < 1 || spec.itb_link.bundles > 8)
      throw ModelError(where(overlay, n["bundles"]) + ": key 'bundles' has value " +
                       std::to_string(spec.itb_link.bundles) + " which is not in 1 to 8");
    spec.itb_link.reference_strain = get<double>(overlay, n, "reference_strain", 0.0);
    if (!(std::abs(spec.itb_link.reference_strain) < 0.5))
      throw ModelError(where(overlay, n["reference_strain"]) + ": key 'reference_strain' has value " +
                       fmt(spec.itb_link.reference_strain) + " which is not in (-0.5, 0.5)");
    spec.itb_link.source = where(overlay, n);
    if (const YAML::Node m = n["muscles"]) {
      if (!m.IsSequence())
        throw ModelError(where(overlay, m) + ": 'muscles' must be a list of muscle names");
      spec.itb_link.muscles.clear();
      for (const auto& item : m) {
        const std::string name = yaml_keys::scalar(overlay, item, "an ITB muscle");
        if (!spec.find_muscle(name))
          throw ModelError(where(overlay, item) + ": ITB muscle '" + name +
                           "' is not a muscle of the .osim");
        spec.itb_link.muscles.push_back(name);
      }
    }
  } else {
    spec.itb_link.enabled = false;
  }

  // tibiofemoral secondary coordinates
  if (const YAML::Node n = root["tibiofemoral"]) {
    check_keys(overlay, n, "tibiofemoral", {"mode", "coupling_file", "source"});
    spec.tibiofemoral.mode = get<std::string>(overlay, n, "mode", "coupled");
    const std::string file = get<std::string>(overlay, n, "coupling_file", "");
    if (spec.tibiofemoral.mode == "coupled") {
      if (file.empty()) throw ModelError(where(overlay, n) + ": mode coupled needs coupling_file");
      spec.tibiofemoral.coupling_file = (fs::path(dir) / file).string();
      read_tf_coupling(spec.tibiofemoral.coupling_file, spec.tibiofemoral);
    }
  } else {
    spec.tibiofemoral.mode = "zero";
  }

  // quadriceps heads (PHYSICS.md 5.3)
  if (const YAML::Node n = root["quadriceps_heads"]) {
    check_keys(overlay, n, "quadriceps_heads", {"enabled", "reference", "heads"});
    spec.quadriceps_heads.enabled = get<bool>(overlay, n, "enabled", true);
    const YAML::Node heads = n["heads"];
    if (!heads || !heads.IsSequence())
      throw ModelError(where(overlay, n) + ": quadriceps_heads: 'heads' must be a list");
    for (const YAML::Node& h : heads) {
      check_keys(overlay, h, "a quadriceps head", {"name", "muscle", "share", "frontal_angle_deg", "insertion", "wraps", "source"});
      QuadricepsHeadSpec q;
      q.where = where(overlay, h);
      q.name = get<std::string>(overlay, h, "name", "");
      q.muscle = get<std::string>(overlay, h, "muscle", "");
      if (q.name.empty() || q.muscle.empty())
        throw ModelError(q.where + ": a quadriceps head needs 'name' and 'muscle'");
      if (!spec.find_muscle(q.muscle))
        throw ModelError(where(overlay, h["muscle"]) + ": quadriceps head '" + q.name + "': muscle '" +
                         q.muscle + "' is not a muscle of the .osim");
      if (spec.find_muscle(q.name))
        throw ModelError(where(overlay, h["name"]) + ": quadriceps head '" + q.name +
                         "' has the name of a muscle of the .osim");
      q.share = get<double>(overlay, h, "share", -1.0);
      if (!(q.share > 0.0 && q.share <= 1.0))
        throw ModelError((h["share"] ? where(overlay, h["share"]) : q.where) + ": quadriceps head '" + q.name + "': share " +
                         fmt(q.share) + " is not in (0, 1]");
      if (h["frontal_angle_deg"]) {
        const double deg = get<double>(overlay, h, "frontal_angle_deg", 0.0);
        if (!(std::abs(deg) < 80.0))
          throw ModelError(where(overlay, h["frontal_angle_deg"]) + ": quadriceps head '" + q.name +
                           "': frontal_angle_deg " + fmt(deg) + " is not in (-80, 80)");
        q.has_frontal_angle = true;
        q.frontal_angle = deg_to_rad(deg);
      }
      q.insertion = get<std::string>(overlay, h, "insertion", "");
      q.wraps_at_patella = get<bool>(overlay, h, "wraps", true);
      if (!q.insertion.empty() && q.insertion != "medial_border" && q.insertion != "lateral_border")
        throw ModelError(where(overlay, h["insertion"]) + ": quadriceps head '" + q.name + "': insertion '" +
                         q.insertion + "' is not medial_border or lateral_border" +
                         did_you_mean(q.insertion, std::vector<std::string>{"medial_border", "lateral_border"}));
      spec.quadriceps_heads.heads.push_back(q);
    }
  }
  if (!options.strength_file.empty()) {
    const std::vector<std::string> kept = apply_strength_table(spec, options.strength_file);
    std::string list;
    for (const std::string& k : kept) list += (list.empty() ? "" : ", ") + k;
    if (!kept.empty())
      spec.warnings.push_back("strength table " + options.strength_file + " does not name " + list +
                              ": they keep the .osim's maximum isometric force");
  }
  if (options.quadriceps_heads.value_or(spec.quadriceps_heads.enabled)) split_quadriceps_heads(spec);

  // patellar tendon and retinaculum: the .osim's stiffnesses or measured totals
  if (const YAML::Node n = root["ligament_stiffness"]) {
    check_keys(overlay, n, "ligament_stiffness", {"measured"});
    const YAML::Node g = n["measured"];
    if (!g || !g.IsMap())
      throw ModelError(where(overlay, n) + ": ligament_stiffness: 'measured' must map ligament name prefixes to totals");
    for (const auto& kv : g) {
      LigamentGroupSpec lg;
      lg.prefix = yaml_keys::scalar(overlay, kv.first, "a ligament prefix");
      lg.where = where(overlay, kv.second);
      check_keys(overlay, kv.second, "ligament group '" + lg.prefix + "'", {"total_N_per_mm", "use", "source"});
      const std::string use = get<std::string>(overlay, kv.second, "use", "measured");
      if (use != "measured" && use != "osim")
        throw ModelError(where(overlay, kv.second["use"]) + ": ligament group '" + lg.prefix + "': use '" +
                         use + "' is not measured or osim");
      lg.use_measured = use == "measured";
      const double v = get<double>(overlay, kv.second, "total_N_per_mm", 0.0);
      if (!(v > 0.0 && v < 1e5))
        throw ModelError(lg.where + ": ligament group '" + lg.prefix + "': total_N_per_mm " + fmt(v) +
                         " is not in (0, 1e5)");
      lg.measured_total = 1e3 * v;
      lg.source = get<std::string>(overlay, kv.second, "source", "");
      spec.ligament_stiffness.groups.push_back(lg);
    }
  }
  if (options.ligament_stiffness) spec.ligament_stiffness.use = *options.ligament_stiffness;
  const std::vector<std::string> uses{"overlay", "osim", "measured"};
  if (std::find(uses.begin(), uses.end(), spec.ligament_stiffness.use) == uses.end())
    throw ModelError(overlay + ": ligament stiffness '" + spec.ligament_stiffness.use +
                     "' is not overlay, osim or measured" + did_you_mean(spec.ligament_stiffness.use, uses));
  use_measured_ligament_stiffness(spec);
  return spec;
}

}  // namespace patella
