#include "patella/io/results_reader.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "h5_read.hpp"
#include "yaml_keys.hpp"

#include <yaml-cpp/yaml.h>

namespace patella {

namespace {

using h5::checked_count;
using h5::read_doubles;
using h5::string_attribute;

std::vector<Transform> read_transforms(const H5::DataSet& ds, const std::string& where) {
  std::vector<hsize_t> dims;
  const std::vector<double> v = read_doubles(ds, dims, where);
  if (dims.size() != 3 || dims[1] != 4 || dims[2] != 4)
    throw IoError(where + ": expected frames x 4 x 4 poses");
  std::vector<Transform> X(dims[0]);
  for (std::size_t k = 0; k < dims[0]; ++k)
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) X[k].R(i, j) = v[k * 16 + i * 4 + j];
      X[k].p[i] = v[k * 16 + i * 4 + 3];
    }
  return X;
}

RecordedRun read_group(const H5::Group& g, const H5::H5Object& attrs, const std::string& where,
                       const std::string& name) {
  RecordedRun r;
  r.name = name;
  r.description = string_attribute(attrs, "description");
  r.model_dir = string_attribute(attrs, "model_dir");
  r.evidence = string_attribute(attrs, "evidence");
  if (const std::string yaml = string_attribute(attrs, "scenario_resolved_yaml"); !yaml.empty()) {
    try {
      const YAML::Node knee = YAML::Load(yaml)["knee"];
      if (knee && knee["tibial_tuberosity_offset"])
        r.tuberosity_offset = 1e-3 * std::stod(knee["tibial_tuberosity_offset"].as<std::string>());
    } catch (const std::exception& e) {
      throw IoError(where + ": its scenario_resolved_yaml does not parse (" + e.what() + ")");
    }
  }
  for (hsize_t i = 0; i < g.getNumObjs(); ++i) {
    const std::string obj = g.getObjnameByIdx(i);
    if (g.getObjTypeByIdx(i) != H5G_DATASET) continue;
    const H5::DataSet ds = g.openDataSet(obj);
    std::vector<hsize_t> dims;
    if (ds.getSpace().getSimpleExtentNdims() != 1) continue;
    if (ds.getTypeClass() != H5T_FLOAT && ds.getTypeClass() != H5T_INTEGER) continue;
    r.channels[obj] = read_doubles(ds, dims, where + "/" + obj);
    r.units[obj] = string_attribute(ds, "units");
  }
  for (const char* required : {"gait_percent", "cycle", "pf_contact_force_N"})
    if (!r.channels.count(required))
      throw IoError(where + ": no '" + required + "' dataset: not a patella gait result");
  r.gait_percent = r.channels.at("gait_percent");
  const std::size_t n = r.gait_percent.size();
  if (n == 0) throw IoError(where + "/gait_percent: no frames");
  // every per-frame channel has one value per frame (the pictures index them by frame); only the
  // kept-pressure index channels run over the kept frames instead
  for (auto it = r.channels.begin(); it != r.channels.end();) {
    if (it->first == "pressure_frame_index" || it->first == "pressure_gait_percent") {
      it = r.channels.erase(it);
      continue;
    }
    if (it->second.size() != n)
      throw IoError(where + "/" + it->first + ": " + std::to_string(it->second.size()) +
                    " values, but gait_percent has " + std::to_string(n) + " frames");
    ++it;
  }
  for (std::size_t k = 0; k < n; ++k)
    if (!std::isfinite(r.gait_percent[k]))
      throw IoError(where + "/gait_percent: frame " + std::to_string(k) + " is not finite");
  for (double c : r.channels.at("cycle")) r.cycle.push_back(static_cast<int>(std::lround(c)));
  const std::string old = " (written by an older patella; run the scenario again)";
  if (!g.nameExists("body_poses")) throw IoError(where + ": no body_poses group" + old);
  const H5::Group bp = g.openGroup("body_poses");
  for (hsize_t i = 0; i < bp.getNumObjs(); ++i) {
    const std::string body = bp.getObjnameByIdx(i);
    r.body_poses[body] = read_transforms(bp.openDataSet(body), where + "/body_poses/" + body);
    if (r.body_poses[body].size() != n) throw IoError(where + "/body_poses/" + body + ": frame count differs");
    for (std::size_t k = 0; k < n; ++k) {
      const Transform& X = r.body_poses[body][k];
      if (!X.R.allFinite() || !X.p.allFinite())
        throw IoError(where + "/body_poses/" + body + ": frame " + std::to_string(k) +
                      " (" + fmt(r.gait_percent[k]) + " %) is not finite");
    }
  }
  if (!g.nameExists("pressure_frames_Pa")) throw IoError(where + ": no pressure_frames_Pa" + old);
  // frames x triangles of float pressure, one vector per frame
  auto read_pressure = [&](const std::string& name, std::vector<std::vector<float>>& out) {
    const H5::DataSet ds = g.openDataSet(name);
    hsize_t dims[2] = {0, 0};
    if (ds.getSpace().getSimpleExtentNdims() != 2) throw IoError(where + "/" + name + ": not 2-D");
    ds.getSpace().getSimpleExtentDims(dims);
    if (dims[0] != n) throw IoError(where + "/" + name + ": frame count differs");
    std::vector<float> all(checked_count(ds, {dims[0], dims[1]}, sizeof(float), where + "/" + name));
    ds.read(all.data(), H5::PredType::NATIVE_FLOAT);
    for (std::size_t k = 0; k < n; ++k)
      out.emplace_back(all.begin() + k * dims[1], all.begin() + (k + 1) * dims[1]);
  };
  read_pressure("pressure_frames_Pa", r.pressure);
  if (g.nameExists("tf_pressure_frames_Pa")) read_pressure("tf_pressure_frames_Pa", r.tf_pressure);  // the tibia solved
  // the channels every picture draws: a file without one is refused here, naming it (and the
  // file), not when the chart is half drawn
  for (const char* needed : {"pf_tz_mm", "lateral_tilt_deg", "pf_contact_force_BW",
                             "peak_pressure_MPa", "itb_tension_N"})
    if (!r.channels.count(needed))
      throw IoError(where + ": no '" + needed + "' dataset (the pictures draw it)");
  if (g.nameExists("ligament_tension_N")) {
    const H5::DataSet ds = g.openDataSet("ligament_tension_N");
    std::vector<hsize_t> dims;
    const std::vector<double> v = read_doubles(ds, dims, where + "/ligament_tension_N");
    const std::string names = string_attribute(ds, "ligaments");
    for (std::size_t s = 0, e; s <= names.size(); s = e + 1) {
      e = names.find(',', s);
      if (e == std::string::npos) e = names.size();
      if (e > s) r.ligaments.push_back(names.substr(s, e - s));
    }
    if (dims.size() != 2 || dims[0] != n || dims[1] != r.ligaments.size())
      throw IoError(where + "/ligament_tension_N: shape does not match its 'ligaments'");
    for (std::size_t k = 0; k < n; ++k)
      r.ligament_tension.emplace_back(v.begin() + k * dims[1], v.begin() + (k + 1) * dims[1]);
  }
  return r;
}

}  // namespace


std::vector<RecordedRun> read_recorded_runs(const std::string& path,
                                            const std::vector<std::string>& only) {
  if (!path_exists(path)) throw IoError(path + ": results file not found");
  if (std::filesystem::is_directory(path))
    throw IoError(path + ": is a folder, not a results file (RESULTS.h5)");
  std::vector<RecordedRun> runs;
  try {
    H5::Exception::dontPrint();
    const H5::H5File file(path, H5F_ACC_RDONLY);
    std::vector<std::string> names;
    if (file.nameExists("gait")) {
      const std::string name = string_attribute(file, "name");
      names.push_back(name.empty() ? std::filesystem::path(path).stem().string() : name);
    } else if (file.nameExists("scenarios")) {
      const H5::Group s = file.openGroup("scenarios");
      for (hsize_t i = 0; i < s.getNumObjs(); ++i) names.push_back(s.getObjnameByIdx(i));
      // the order of the comparison (first = reference), not HDF5's alphabetical one
      if (file.nameExists("comparison")) {
        const std::string order = string_attribute(file.openGroup("comparison"), "scenarios");
        std::vector<std::string> ordered;
        for (std::size_t a = 0, e; a <= order.size(); a = e + 1) {
          e = order.find(',', a);
          if (e == std::string::npos) e = order.size();
          std::string n = order.substr(a, e - a);
          n.erase(0, n.find_first_not_of(' '));
          if (std::find(names.begin(), names.end(), n) != names.end()) ordered.push_back(n);
        }
        if (ordered.size() == names.size()) names = ordered;
      }
    } else {
      throw IoError(path + ": neither /gait nor /scenarios: not a patella gait results file");
    }
    if (names.empty()) throw IoError(path + ": /scenarios holds no scenario");
    for (const std::string& want : only)
      if (std::find(names.begin(), names.end(), want) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw IoError(path + ": no scenario '" + want + "'" + yaml_keys::did_you_mean(want, names) +
                      " (the file has: " + list + ")");
      }
    for (const std::string& n : names) {
      if (!only.empty() && std::find(only.begin(), only.end(), n) == only.end()) continue;
      if (file.nameExists("gait"))
        runs.push_back(read_group(file.openGroup("gait"), file, path + ":/gait", n));
      else {
        const H5::Group g = file.openGroup("scenarios/" + n);
        runs.push_back(read_group(g, g, path + ":/scenarios/" + n, n));
      }
    }
  } catch (const H5::Exception& e) {
    throw IoError(path + ": cannot read results (" + e.getDetailMsg() + ")");
  }
  return runs;
}

}  // namespace patella
