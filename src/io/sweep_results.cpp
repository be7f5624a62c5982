// The sweep's HDF5 file. Objects are created without modification times (HDF5 records them by
// default), so two runs of the same sweep write identical bytes.
#include "patella/io/sweep_results.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>

#include "h5_atomic.hpp"
#include "h5_read.hpp"
#include "patella/core/error.hpp"

namespace patella {

namespace {

hid_t untimed(hid_t plist_class) {
  const hid_t p = H5Pcreate(plist_class);
  if (p < 0 || H5Pset_obj_track_times(p, 0) < 0) throw H5::PropListIException("H5Pset_obj_track_times", "failed");
  return p;
}

H5::Group group(H5::Group& parent, const std::string& name) {
  const hid_t gcpl = untimed(H5P_GROUP_CREATE);
  const hid_t id = H5Gcreate2(parent.getId(), name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT);
  H5Pclose(gcpl);
  if (id < 0) throw H5::GroupIException("H5Gcreate2", "cannot create group '" + name + "'");
  H5::Group g(id);
  H5Gclose(id);  // H5::Group(id) took its own reference
  return g;
}

H5::DataSet dataset(H5::Group& g, const std::string& name, const H5::DataType& type, std::vector<hsize_t> dims) {
  H5::DSetCreatPropList dcpl;
  if (H5Pset_obj_track_times(dcpl.getId(), 0) < 0) throw H5::PropListIException("H5Pset_obj_track_times", "failed");
  return g.createDataSet(name, type, H5::DataSpace(static_cast<int>(dims.size()), dims.data()), dcpl);
}

void doubles(H5::Group& g, const std::string& name, const std::vector<double>& v, std::vector<hsize_t> dims,
             const std::string& unit, const std::string& description) {
  H5::DataSet ds = dataset(g, name, H5::PredType::NATIVE_DOUBLE, dims);
  if (!v.empty()) ds.write(v.data(), H5::PredType::NATIVE_DOUBLE);
  h5::attribute(ds, "units", unit);
  if (!description.empty()) h5::attribute(ds, "description", description);
}

void strings(H5::Group& g, const std::string& name, const std::vector<std::string>& v, const std::string& description) {
  const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
  std::vector<const char*> p;
  for (const std::string& s : v) p.push_back(s.c_str());
  H5::DataSet ds = dataset(g, name, str, {v.size()});
  if (!v.empty()) ds.write(p.data(), str);
  h5::attribute(ds, "description", description);
}

void number_attribute(H5::H5Object& o, const std::string& name, double v) {
  H5::Attribute a = o.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_DOUBLE, &v);
}

}  // namespace

void write_sweep_hdf5(const std::string& path, const SweepResults& r) {
  const hsize_t n = r.samples, k = r.keys.size(), points = r.gait_percent.size();
  h5::write_atomic(path, [&](H5::H5File& file) {
    H5::Group root = file.openGroup("/");
    h5::attribute(root, "patella_sweep", r.name);
    h5::attribute(root, "description", r.description);
    h5::attribute(root, "design", r.design);
    h5::attribute(root, "program", r.version);
    h5::attribute(root, "sweep_yaml", r.sweep_yaml);
    number_attribute(root, "seed", static_cast<double>(r.seed));
    number_attribute(root, "samples", static_cast<double>(n));
    number_attribute(root, "base_samples", r.base_samples);
    number_attribute(root, "levels", r.levels);
    number_attribute(root, "bootstrap", r.bootstrap);

    H5::Group pg = group(root, "parameters");
    strings(pg, "key", r.keys, "the scenario key each parameter sets");
    strings(pg, "unit", r.units, "the unit of its values");
    strings(pg, "distribution", r.distributions, "its distribution, in its unit");
    strings(pg, "source", r.sources, "where its range comes from");
    strings(pg, "combine", r.combine,
            "how a sample's value meets the scenario's: replace, multiply (a factor) or add (an offset)");
    doubles(pg, "u", r.u, {n, k}, "1", "each sample's point of the design in [0, 1] (samples x parameters)");
    doubles(pg, "value", r.values, {n, k}, "see unit",
            "each sample's parameter values, each in its parameter's unit (samples x parameters)");

    H5::Group rg = group(root, "runs");
    strings(rg, "label", r.runs, "each sample's runs");
    strings(rg, "scenario_file", r.run_files, "the scenario file each run starts from");
    strings(rg, "control", r.run_controls, "its control hypothesis (PHYSICS.md 7)");
    strings(rg, "scenario_yaml", r.run_yaml, "the scenario resolved, before a sample's values");
    if (!r.claim_text.empty()) {
      H5::Group cg = group(root, "claims");
      strings(cg, "claim", r.claim_text, "each claim, as the claims file words it");
      strings(cg, "scenario", r.claim_scenario, "the scenario that tests it");
      strings(cg, "baseline", r.claim_baseline, "its baseline");
      strings(cg, "metric", r.claim_metric, "the metric and window it is tested on");
      strings(cg, "expected", r.claim_expected, "the direction it asserts");
    }

    H5::Group sg = group(root, "samples");
    {
      H5::DataSet ds = dataset(sg, "failed", H5::PredType::NATIVE_INT, {n});
      if (n) ds.write(r.failed.data(), H5::PredType::NATIVE_INT);
      h5::attribute(ds, "description", "1 where the sample failed (its error in 'error'), 0 where it ran");
    }
    strings(sg, "error", r.errors, "why the sample failed (empty where it ran)");
    {
      H5::DataSet ds = dataset(sg, "unconverged_frames", H5::PredType::NATIVE_INT, {n});
      if (n) ds.write(r.unconverged.data(), H5::PredType::NATIVE_INT);
      h5::attribute(ds, "description", "frames, over the sample's runs, whose patellar equilibrium did not "
                                       "converge (its metrics keep them, as a run's results do)");
    }

    H5::Group og = group(root, "outputs");
    for (const std::string& run : [&] {
           std::vector<std::string> runs;
           for (const SweepOutputStats& o : r.outputs)
             if (std::find(runs.begin(), runs.end(), o.run) == runs.end()) runs.push_back(o.run);
           return runs;
         }()) {
      H5::Group rg2 = group(og, run);
      for (const SweepOutputStats& o : r.outputs) {
        if (o.run != run) continue;
        H5::Group mg = group(rg2, o.name);
        h5::attribute(mg, "units", o.unit);
        h5::attribute(mg, "control", o.control);
        if (o.claim >= 0) number_attribute(mg, "claim", o.claim);
        doubles(mg, "value", o.value, {n}, o.unit, "per sample (NaN: failed, or not defined in that run)");
        number_attribute(mg, "used", static_cast<double>(o.used));
        number_attribute(mg, "p05", o.low);
        number_attribute(mg, "median", o.median);
        number_attribute(mg, "p95", o.high);
        if (!o.first.empty()) {
          number_attribute(mg, "sobol_rows", static_cast<double>(o.sobol_rows));
          doubles(mg, "sobol_first", o.first, {k}, "1", "first-order index per parameter (Saltelli 2010)");
          doubles(mg, "sobol_first_low", o.first_low, {k}, "1", "its 95 % bootstrap interval, low end");
          doubles(mg, "sobol_first_high", o.first_high, {k}, "1", "high end");
          doubles(mg, "sobol_total", o.total, {k}, "1", "total index per parameter (Jansen 1999)");
          doubles(mg, "sobol_total_low", o.total_low, {k}, "1", "its 95 % bootstrap interval, low end");
          doubles(mg, "sobol_total_high", o.total_high, {k}, "1", "high end");
        }
        if (!o.mu.empty()) {
          number_attribute(mg, "morris_trajectories", static_cast<double>(o.morris_trajectories));
          const std::string u = o.unit + " per range";
          doubles(mg, "morris_mu", o.mu, {k}, u, "mean elementary effect per parameter");
          doubles(mg, "morris_mu_star", o.mu_star, {k}, u, "mean |elementary effect| (Campolongo et al. 2007)");
          doubles(mg, "morris_sigma", o.sigma, {k}, u, "standard deviation of the elementary effects");
        }
      }
    }

    H5::Group bg = group(root, "bands");
    doubles(bg, "gait_percent", r.gait_percent, {points}, "%", "the points of every curve");
    for (const SweepBand& b : r.bands) {
      H5::Group brg = bg.nameExists(b.run) ? bg.openGroup(b.run) : group(bg, b.run);
      H5::Group cg = group(brg, b.channel);
      h5::attribute(cg, "units", b.unit);
      doubles(cg, "curves", b.curves, {n, points}, b.unit, "per sample (rows of NaN: failed samples)");
      doubles(cg, "p05", b.low, {points}, b.unit, "5 % quantile at each point over the samples that ran");
      doubles(cg, "median", b.median, {points}, b.unit, "median at each point");
      doubles(cg, "p95", b.high, {points}, b.unit, "95 % quantile at each point");
    }
  });
}

namespace {

double number_attribute_of(const H5::H5Object& o, const std::string& name, double fallback) {
  if (!o.attrExists(name)) return fallback;
  double v = fallback;
  o.openAttribute(name).read(H5::PredType::NATIVE_DOUBLE, &v);
  return v;
}

std::vector<std::string> read_strings(const H5::Group& g, const std::string& name) {
  if (!g.nameExists(name)) return {};
  H5::DataSet ds = g.openDataSet(name);
  hsize_t n = 0;
  if (ds.getSpace().getSimpleExtentNdims() != 1) throw IoError(name + ": not a list of strings");
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<char*> p(h5::checked_count(ds, {n}, sizeof(char*), name), nullptr);
  const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
  if (n) ds.read(p.data(), str);
  std::vector<std::string> out;
  for (char* c : p) out.push_back(c ? c : "");
  if (n) H5Dvlen_reclaim(str.getId(), ds.getSpace().getId(), H5P_DEFAULT, p.data());
  return out;
}

std::vector<double> read_doubles(const H5::Group& g, const std::string& name) {
  if (!g.nameExists(name)) return {};
  std::vector<hsize_t> dims;
  return h5::read_doubles(g.openDataSet(name), dims, name);
}

}  // namespace

SweepResults read_sweep_summary(const std::string& path) {
  SweepResults r;
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_RDONLY);
    const H5::Group root = file.openGroup("/");
    if (!root.attrExists("patella_sweep"))
      throw IoError(path + ": not a patella sweep file (no 'patella_sweep' attribute; `patella sweep` writes one)");
    r.name = h5::string_attribute(root, "patella_sweep");
    r.description = h5::string_attribute(root, "description");
    r.design = h5::string_attribute(root, "design");
    r.version = h5::string_attribute(root, "program");
    r.sweep_yaml = h5::string_attribute(root, "sweep_yaml");
    r.samples = static_cast<std::size_t>(number_attribute_of(root, "samples", 0));
    r.seed = static_cast<std::uint64_t>(number_attribute_of(root, "seed", 0));
    r.base_samples = static_cast<int>(number_attribute_of(root, "base_samples", 0));
    r.bootstrap = static_cast<int>(number_attribute_of(root, "bootstrap", 0));
    const H5::Group pg = file.openGroup("parameters");
    r.keys = read_strings(pg, "key");
    r.units = read_strings(pg, "unit");
    r.distributions = read_strings(pg, "distribution");
    r.sources = read_strings(pg, "source");
    r.combine = read_strings(pg, "combine");
    if (root.nameExists("claims")) {
      const H5::Group cg = file.openGroup("claims");
      r.claim_text = read_strings(cg, "claim");
      r.claim_scenario = read_strings(cg, "scenario");
      r.claim_baseline = read_strings(cg, "baseline");
      r.claim_metric = read_strings(cg, "metric");
      r.claim_expected = read_strings(cg, "expected");
    }
    const H5::Group sg = file.openGroup("samples");
    for (double f : read_doubles(sg, "failed")) r.failed.push_back(f != 0.0);  // int read as double
    const H5::Group og = file.openGroup("outputs");
    for (hsize_t i = 0; i < og.getNumObjs(); ++i) {
      const std::string run = og.getObjnameByIdx(i);
      const H5::Group rg = og.openGroup(run);
      for (hsize_t j = 0; j < rg.getNumObjs(); ++j) {
        SweepOutputStats o;
        o.run = run;
        o.name = rg.getObjnameByIdx(j);
        const H5::Group mg = rg.openGroup(o.name);
        o.unit = h5::string_attribute(mg, "units");
        o.control = h5::string_attribute(mg, "control");
        o.claim = static_cast<int>(number_attribute_of(mg, "claim", -1));
        o.used = static_cast<std::size_t>(number_attribute_of(mg, "used", 0));
        o.low = number_attribute_of(mg, "p05", NAN);
        o.median = number_attribute_of(mg, "median", NAN);
        o.high = number_attribute_of(mg, "p95", NAN);
        o.sobol_rows = static_cast<std::size_t>(number_attribute_of(mg, "sobol_rows", 0));
        o.first = read_doubles(mg, "sobol_first");
        o.first_low = read_doubles(mg, "sobol_first_low");
        o.first_high = read_doubles(mg, "sobol_first_high");
        o.total = read_doubles(mg, "sobol_total");
        o.total_low = read_doubles(mg, "sobol_total_low");
        o.total_high = read_doubles(mg, "sobol_total_high");
        o.morris_trajectories = static_cast<std::size_t>(number_attribute_of(mg, "morris_trajectories", 0));
        o.mu = read_doubles(mg, "morris_mu");
        o.mu_star = read_doubles(mg, "morris_mu_star");
        o.sigma = read_doubles(mg, "morris_sigma");
        r.outputs.push_back(o);
      }
    }
    if (root.nameExists("bands")) {
      const H5::Group bg = file.openGroup("bands");
      r.gait_percent = read_doubles(bg, "gait_percent");
      for (hsize_t i = 0; i < bg.getNumObjs(); ++i) {
        const std::string run = bg.getObjnameByIdx(i);
        if (bg.getObjTypeByIdx(i) != H5G_GROUP) continue;
        const H5::Group rg = bg.openGroup(run);
        for (hsize_t j = 0; j < rg.getNumObjs(); ++j) {
          SweepBand b;
          b.run = run;
          b.channel = rg.getObjnameByIdx(j);
          const H5::Group cg = rg.openGroup(b.channel);
          b.unit = h5::string_attribute(cg, "units");
          b.low = read_doubles(cg, "p05");
          b.median = read_doubles(cg, "median");
          b.high = read_doubles(cg, "p95");
          if (b.low.size() != r.gait_percent.size() || b.median.size() != b.low.size() || b.high.size() != b.low.size())
            throw IoError(path + ": /bands/" + run + "/" + b.channel + " does not match /bands/gait_percent");
          r.bands.push_back(b);
        }
      }
    }
  } catch (const H5::Exception& e) {
    throw IoError(path + ": cannot read the sweep file (" + e.getDetailMsg() + ")");
  }
  return r;
}

bool is_sweep_file(const std::string& path) {
  try {
    H5::Exception::dontPrint();
    if (!H5::H5File::isHdf5(path)) return false;
    H5::H5File file(path, H5F_ACC_RDONLY);
    return file.openGroup("/").attrExists("patella_sweep");
  } catch (...) {
    return false;
  }
}

}  // namespace patella
