#include "patella/io/load_model.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "yaml_keys.hpp"
#include "patella/core/types.hpp"
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

ModelSpec load_model_spec(const std::string& dir) {
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
              "display_meshes"});
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
                "muscles"});
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
  return spec;
}

}  // namespace patella
