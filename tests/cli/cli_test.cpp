// The command line as a user meets it: exit codes, messages that name file/flag/value, and no
// partial or clobbered output after a failure.
#include <catch2/catch.hpp>

#include <algorithm>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <H5Cpp.h>

#include "patella/io/table.hpp"
#include "support/temp_files.hpp"
using patella::test::temp_left;

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

struct Run {
  int code;
  std::string out, err;
};

// runs the patella CLI with arguments (and `env`, NAME=value words, in its environment),
// capturing stdout and stderr
Run run(const std::string& args, const std::string& env = "") {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / "patella_cli_test";
  fs::create_directories(dir);
  const std::string o = (dir / ("out" + std::to_string(counter) + ".txt")).string();
  const std::string e = (dir / ("err" + std::to_string(counter++) + ".txt")).string();
  const std::string cmd = (env.empty() ? "" : env + " ") + std::string(PATELLA_CLI) + " " + args + " >" + o + " 2>" + e;
  const int status = std::system(cmd.c_str());
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return {WEXITSTATUS(status), slurp(o), slurp(e)};
}

std::string model_dir() { return std::string(PATELLA_MODELS_DIR) + "/lenhart2015"; }

// a private copy of the model folder to break
fs::path copy_model(const std::string& name) {
  const fs::path dst = fs::temp_directory_path() / ("patella_cli_model_" + name);
  fs::remove_all(dst);
  fs::copy(model_dir(), dst, fs::copy_options::recursive);
  for (auto& p : fs::recursive_directory_iterator(dst))
    fs::permissions(p.path(), fs::perms::owner_write, fs::perm_options::add);
  return dst;
}

}  // namespace

TEST_CASE("every command answers --help with exit code 0", "[cli]") {
  for (const char* cmd : {"--help", "knee --help", "validate --help", "verify --help", "bench --help", "tf-coupling --help", "run --help", "compare --help", "claims --help", "sweep --help", "render --help", "view --help", "scenario-keys --help", "muscles --help"}) {
    const Run r = run(cmd);
    INFO(cmd);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Contains("patella"));
  }
}

TEST_CASE("patella --version names the version and commit - a misspelt command gets a did-you-mean", "[cli]") {
  const Run v = run("--version");
  CHECK(v.code == 0);
  CHECK_THAT(v.out, Contains("patella 0.1.0 (git "));
  const Run u = run("rn");
  CHECK(u.code == 2);
  CHECK_THAT(u.err, Contains("unknown command 'rn'") && Contains("did you mean 'run'"));
}

#ifdef PATELLA_CLI_HAS_VIZ
TEST_CASE("the executable does not link VTK: the pictures are a module loaded when drawn", "[cli]") {
  std::string deps;
  {
    FILE* p = popen(("ldd " + std::string(PATELLA_CLI)).c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) deps.append(buf, n);
    pclose(p);
  }
  CHECK_THAT(deps, Contains("libhdf5") && !Contains("libvtk"));
  CHECK(fs::exists(fs::path(PATELLA_CLI).parent_path() / "patella_viz.so"));
}

TEST_CASE("a pictures module that does not load is named before any work, and nothing is written",
          "[cli]") {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_test" / "no_module";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string png = (dir / "knee.png").string();
  const Run r = run("knee --flexion 30 --quadriceps 300 --png " + png,
                    "PATELLA_VIZ_MODULE=" + (dir / "missing_viz.so").string());
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains((dir / "missing_viz.so").string()) && Contains("did not load") &&
                        Contains("PATELLA_VIZ_MODULE") && !Contains("internal error"));
  CHECK_FALSE(fs::exists(png));
}
#endif

TEST_CASE("bad flags exit 2 and name the flag and value", "[cli]") {
  SECTION("malformed range") {
    const Run r = run("knee --flexion 0:abc:5");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--flexion") && Contains("abc"));
  }
  SECTION("out of range") {
    const Run r = run("knee --quadriceps -5");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--quadriceps") && Contains("-5"));
  }
  SECTION("unknown muscle") {
    const Run r = run("knee --muscle vastus=10");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("vastus"));
  }
  SECTION("a misspelt head gets a did-you-mean; --quadriceps-heads takes on or off") {
    const Run r = run("knee --flexion 30 --muscle vmo=10");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("'vmo'") && Contains("vmo_r") && Contains("did you mean"));
    const Run h = run("knee --flexion 30 --quadriceps-heads maybe");
    CHECK(h.code == 2);
    CHECK_THAT(h.err, Contains("--quadriceps-heads") && Contains("maybe"));
  }
  SECTION("--explain takes a percent of the cycle or 'peak'") {
    const Run r = run("run scenarios/baseline_running.yaml --explain 120");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--explain") && Contains("'120'") && Contains("peak"));
    CHECK(run("run scenarios/baseline_running.yaml --explain stance").code == 2);
  }
  SECTION("unknown flag and command") {
    CHECK(run("knee --frobnicate 3").code == 2);
    CHECK(run("frobnicate").code == 2);
  }
}

TEST_CASE("scenario-keys prints the key list - --write replaces a file's block", "[cli]") {
  const Run text = run("scenario-keys");
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Contains("knee.tibial_tuberosity_offset"));
  const Run md = run("scenario-keys --markdown");
  CHECK(md.code == 0);
  CHECK_THAT(md.out, Contains("| `muscles.<muscle>.strength_scale` |"));
  const fs::path f = fs::temp_directory_path() / "patella_cli_keys.md";
  std::ofstream(f) << "before\n<!-- keys:begin -->\nstale\n<!-- keys:end -->\nafter\n";
  CHECK(run("scenario-keys --write " + f.string()).code == 0);
  std::ifstream in(f);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "before\n<!-- keys:begin -->\n" + md.out + "<!-- keys:end -->\nafter\n");
  std::ofstream(f) << "no markers\n";
  const Run bad = run("scenario-keys --write " + f.string());
  CHECK(bad.code == 1);
  CHECK_THAT(bad.err, Contains(f.string()) && Contains("<!-- keys:begin -->"));
}

TEST_CASE("muscles: the names a scenario may use - scenarios/README.md lists exactly them", "[cli]") {
  const Run names = run("muscles");
  REQUIRE(names.code == 0);
  CHECK_THAT(names.out, Contains("vmo_r\n") && Contains("glmed1_r\n") && Contains("tfl_r\n"));
  const Run md = run("muscles --markdown");
  REQUIRE(md.code == 0);
  CHECK_THAT(md.out, Contains("| `vmo_r` |") && Contains("| `vasmed_r` | patella |") &&
                         Contains("| `tfl_r` |") && Contains("| iliotibial band |"));
  std::ifstream in(std::string(PATELLA_SOURCE_DIR) + "/scenarios/README.md");
  std::stringstream text;
  text << in.rdbuf();
  INFO("regenerate it: patella muscles --write scenarios/README.md");
  CHECK_THAT(text.str(), Contains("<!-- muscles:begin -->\n" + md.out + "<!-- muscles:end -->"));
}

TEST_CASE("knee --tibiofemoral: solved adds the tibia's coordinates and compartment forces, "
          "coupled is the default, anything else exits 2 with a did-you-mean", "[cli]") {
  const Run s = run("knee --flexion 30 --tibiofemoral solved");
  CHECK(s.code == 0);
  CHECK_THAT(s.out, Contains("tx_mm") && Contains("tf_med_N") && Contains("tf_lat_N"));
  CHECK_THAT(s.err, Contains("tibiofemoral solved"));
  const Run c = run("knee --flexion 30");
  CHECK(c.code == 0);
  CHECK_THAT(c.err, Contains("tibiofemoral coupled"));
  CHECK(c.out.find("tf_med_N") == std::string::npos);
  const Run b = run("knee --flexion 30 --tibiofemoral solve");
  CHECK(b.code == 2);
  CHECK_THAT(b.err, Contains("--tibiofemoral") && Contains("'solve'") && Contains("did you mean") &&
                        Contains("solved"));
}

TEST_CASE("knee flexion outside the tibiofemoral coupling table is refused", "[cli]") {
  const Run r = run("knee --flexion 85:120:5");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--flexion") && Contains("95 deg") && Contains("tf_coupling.csv"));
}

TEST_CASE("an output in a missing folder fails before any work, naming flag and folder", "[cli]") {
  const Run r = run("knee --flexion 0:90:1 --csv /nonexistent_dir/sweep.csv");
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains("--csv") && Contains("/nonexistent_dir"));
  CHECK_THAT(r.err, !Contains("solved"));  // no sweep was run
}

TEST_CASE("a missing model folder exits 1 naming it", "[cli]") {
  const Run r = run("knee --model /nonexistent/knee --flexion 30");
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains("/nonexistent/knee"));
}

TEST_CASE("a corrupt mesh exits 1 naming the file, and leaves no output behind", "[cli]") {
  const fs::path m = copy_model("corrupt_mesh");
  const fs::path mesh = m / "geometry" / "lenhart2015-R-femur-cartilage.stl";
  fs::resize_file(mesh, 1000);  // binary STL cut short
  const fs::path csv = fs::temp_directory_path() / "patella_cli_corrupt.csv";
  fs::remove(csv);
  const Run r = run("knee --model " + m.string() + " --flexion 30 --csv " + csv.string());
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains("lenhart2015-R-femur-cartilage.stl"));
  CHECK_FALSE(fs::exists(csv));
  CHECK_FALSE(temp_left(csv));
}

TEST_CASE("a malformed .osim exits 1 naming file, line, element and value", "[cli]") {
  const fs::path m = copy_model("bad_osim");
  const fs::path osim = m / "model" / "lenhart2015.osim";
  std::ifstream in(osim);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string key = "<linear_stiffness>3000</linear_stiffness>";
  const auto pos = text.find(key);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, key.size(), "<linear_stiffness>30x0</linear_stiffness>");
  std::ofstream(osim) << text;
  const Run r = run("knee --model " + m.string() + " --flexion 30");
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains("lenhart2015.osim:") && Contains("PT1") && Contains("30x0"));
}

TEST_CASE("a failed run does not clobber an existing output file", "[cli]") {
  const fs::path csv = fs::temp_directory_path() / "patella_cli_keep.csv";
  std::ofstream(csv) << "keep\n";
  const Run r = run("knee --model /nonexistent --csv " + csv.string());
  CHECK(r.code == 1);
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  CHECK(line == "keep");
}

TEST_CASE("a sweep writes the CSV columns in the documented order and an HDF5 file", "[cli][slow]") {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_sweep";
  fs::create_directories(dir);
  const fs::path csv = dir / "s.csv", h5 = dir / "s.h5";
  fs::remove(csv);
  fs::remove(h5);
  const Run r = run("knee --flexion 20:40:20 --quadriceps 300 --stability 2 --quiet --csv " +
                    csv.string() + " --out " + h5.string());
  REQUIRE(r.code == 0);
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  CHECK(header.rfind("knee_flexion_deg,pf_tx_mm,pf_ty_mm,pf_tz_mm,pf_flex_deg,pf_rot_deg,"
                     "pf_tilt_deg,lateral_tilt_deg,contact_force_N,contact_area_mm2,"
                     "mean_pressure_MPa,peak_pressure_MPa,lateral_facet_fraction,converged,"
                     "iterations,residual_N,lateral_stability_N,medial_stability_N",
                     0) == 0);
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  CHECK(rows == 2);
  CHECK(fs::file_size(h5) > 1000);
  CHECK_FALSE(temp_left(csv));
  // each quadriceps head's force is a column: the five-head split of 300 N
  CHECK_THAT(header, Contains(",vll_r_N,vlo_r_N,vmo_r_N,vml_r_N,vasint_r_N,recfem_r_N,"));
  // the HDF5 carries a description per column and the run's provenance
  H5::H5File file(h5.string(), H5F_ACC_RDONLY);
  for (const char* key : {"git_commit", "command", "input_file_sha256", "model_dir", "quadriceps"})
    CHECK(file.attrExists(key));
  H5::DataSet vmo = file.openDataSet("/knee_sweep/vmo_r_N");
  CHECK(vmo.attrExists("description"));
  CHECK(vmo.attrExists("units"));
}

TEST_CASE("knee: --muscle sets a head or all heads of a split muscle by F0 - unsplit on request",
          "[cli][slow]") {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_heads";
  fs::create_directories(dir);
  auto header_and_row = [&](const std::string& flags) {
    const fs::path csv = dir / "h.csv";
    fs::remove(csv);
    const Run r = run("knee --flexion 30 --quiet --csv " + csv.string() + " " + flags);
    REQUIRE(r.code == 0);
    std::ifstream in(csv);
    std::string header, row;
    std::getline(in, header);
    std::getline(in, row);
    return std::pair<std::string, std::string>{header, row};
  };
  auto value = [](const std::pair<std::string, std::string>& hr, const std::string& column) {
    std::stringstream h(hr.first), v(hr.second);
    for (std::string name, cell; std::getline(h, name, ',') && std::getline(v, cell, ',');)
      if (name == column) return std::stod(cell);
    FAIL("no column " << column);
    return 0.0;
  };
  const auto split = header_and_row("--quadriceps 175 --muscle vasmed_r=100 --muscle vmo_r=5");
  CHECK(value(split, "vml_r_N") == Approx(71.0));  // 100 N by F0: VML 71 %
  CHECK(value(split, "vmo_r_N") == Approx(5.0));   // then the head itself
  CHECK(value(split, "vll_r_N") == Approx(0.32 * 175));
  const auto whole = header_and_row("--quadriceps 175 --quadriceps-heads off");
  CHECK(value(whole, "vasmed_r_N") == Approx(0.25 * 175));
  CHECK_THAT(whole.first, !Contains("vmo_r"));
}

namespace {
// a scenario file in a temp folder, pointing at the shipped model and running cycle
fs::path scenario_file(const std::string& name, const std::string& extra_gait = "",
                       const std::string& extra_top = "") {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_run";
  fs::create_directories(dir);
  const std::string models = PATELLA_MODELS_DIR;
  std::ofstream(dir / (name + ".yaml"))
      << "name: " << name << "\nmodel: " << models << "/lenhart2015\ngait:\n  cycle_csv: " << models
      << "/running/default_running_cycle.csv\n" << extra_gait << "output:\n  frames_per_cycle: 41\n"
      << extra_top;
  return dir / (name + ".yaml");
}
}  // namespace

TEST_CASE("run and compare: an output folder that cannot be made fails before any simulation",
          "[cli]") {
  // a folder under a regular file cannot be created, whoever runs the test
  const fs::path file = fs::temp_directory_path() / "patella_cli_out_is_a_file";
  std::ofstream(file) << "x";
  const std::string scenario = std::string(PATELLA_SOURCE_DIR) + "/scenarios/baseline_running.yaml";
  const std::string other = std::string(PATELLA_SOURCE_DIR) + "/scenarios/tight_calves.yaml";
  for (const std::string cmd : {"run " + scenario, "compare " + scenario + " " + other}) {
    const Run r = run(cmd + " --out " + (file / "sub").string());
    INFO(cmd);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains((file / "sub").string()) && Contains("cannot create the output folder"));
    CHECK_THAT(r.err, !Contains("frames x"));  // the simulation never started
  }
  fs::remove(file);
}

TEST_CASE("run: an unknown scenario key exits 1 naming file, line and key - nothing written", "[cli]") {
  const fs::path sc = scenario_file("badkey", "  step_rate: 180\n");
  const fs::path out = fs::temp_directory_path() / "patella_cli_run_out_bad";
  fs::remove_all(out);
  const Run r = run("run " + sc.string() + " --out " + out.string());
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains("badkey.yaml:5") && Contains("step_rate"));
  CHECK_FALSE(fs::exists(out / "badkey.csv"));
}

TEST_CASE("run: a trial missing a coordinate exits 1 naming file and column - old results kept", "[cli]") {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_run";
  fs::create_directories(dir);
  const std::string models = PATELLA_MODELS_DIR;
  std::ifstream in(models + "/lenhart2015/motion/overground_17_ik.mot");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  text.replace(text.find("hip_add_r"), 9, "hip_adx_r");
  std::ofstream(dir / "no_hip_add.mot") << text;
  std::ofstream(dir / "trial.yaml")
      << "name: trial\nmodel: " << models << "/lenhart2015\ngait:\n  coordinates: no_hip_add.mot\n"
      << "  grf: " << models << "/lenhart2015/motion/overground_17_grf.mot\n"
      << "  external_force: {force_identifier: ground_force_2_v, point_identifier: ground_force_2_p,"
      << " torque_identifier: ground_torque_2_, applied_to_body: calcn_r}\n"
      << "  start_s: 1.263\n  end_s: 2.3105\n";
  const fs::path out = dir / "out";
  fs::create_directories(out);
  std::ofstream(out / "trial.csv") << "keep\n";
  const Run r = run("run " + (dir / "trial.yaml").string() + " --out " + out.string());
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains("no_hip_add.mot") && Contains("hip_add_r"));
  std::ifstream kept(out / "trial.csv");
  std::string line;
  std::getline(kept, line);
  CHECK(line == "keep");
}

TEST_CASE("run: writes the documented CSV columns and an HDF5 file with units and descriptions",
          "[cli][slow]") {
  const fs::path sc = scenario_file("short_run", "", "  pressure_at: [50 %]\n");
  const fs::path out = fs::temp_directory_path() / "patella_cli_run_out";
  fs::remove_all(out);
  const Run r = run("run " + sc.string() + " --out " + out.string() + " --explain peak");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("peak PF contact force") && Contains("cycle 1"));
  // the values where a runner's question is, beside the whole-cycle ones
  CHECK_THAT(r.out, Contains("where the question is (last cycle): peak PF force at") &&
                        Contains("lateral shift at peak PF") && Contains("lateral tilt stance mean"));
  // --explain: the force budget on the patella at the peak-PF-force frame, closing to zero
  CHECK_THAT(r.out, Contains("force budget on the patella at") && Contains("vmo_r") &&
                        Contains("contact_lateral_facet") && Contains("itb_iliopatellar") &&
                        Contains("sum (0 at equilibrium)") && Contains("it takes [N]") &&
                        Contains("band ceiling [N]"));
  // the files were staged and moved into place together: the folder holds them and nothing else
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) names.insert(e.path().filename().string());
  CHECK(names == std::set<std::string>{"short_run.csv", "short_run.h5", "short_run_activations.sto",
                                       "short_run_forces.sto", "short_run_kinematics.mot",
                                       "short_run_grf.mot", "short_run_external_loads.xml"});
  std::ifstream in(out / "short_run.csv");
  std::string header;
  std::getline(in, header);
  CHECK(header.rfind("gait_percent,time_s,knee_flexion_deg,hip_adduction_deg,hip_rotation_deg,"
                     "pf_tx_mm,pf_ty_mm,pf_tz_mm,pf_flex_deg,pf_rot_deg,pf_tilt_deg,"
                     "lateral_tilt_deg,pf_contact_force_N,pf_contact_force_BW,contact_area_mm2,"
                     "mean_pressure_MPa,peak_pressure_MPa,lateral_facet_fraction,lateral_facet_force_N,"
                     "quadriceps_force_N,itb_tension_N,converged,force_addbrev_r_N",
                     0) == 0);
  CHECK_THAT(header, Contains(",budget_lateral_vmo_r_N,") && Contains(",budget_lateral_PT_N,") &&
                         Contains(",budget_lateral_contact_medial_facet_N,"));
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  CHECK(rows == 41);
  H5::H5File f((out / "short_run.h5").string(), H5F_ACC_RDONLY);
  H5::DataSet ds = f.openDataSet("/gait/pf_tz_mm");
  std::string units, description;
  const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
  ds.openAttribute("units").read(str, units);
  ds.openAttribute("description").read(str, description);
  CHECK(units == "mm");
  CHECK_THAT(description, Contains("lateral"));
  std::string frame, commit, hashes;
  ds.openAttribute("frame").read(str, frame);
  CHECK_THAT(frame, Contains("femur_distal_r"));
  f.openAttribute("git_commit").read(str, commit);
  CHECK_FALSE(commit.empty());
  f.openAttribute("input_file_sha256").read(str, hashes);
  CHECK_THAT(hashes, Contains("lenhart2015.osim  sha256:"));
  // per-cycle summary and the per-triangle pressure at the peak PF force (and 50 %)
  H5::DataSet peak = f.openDataSet("/gait/summary/PF_contact_force/peak");
  CHECK(peak.getSpace().getSimpleExtentNpoints() == 1);
  H5::DataSet pressure = f.openDataSet("/gait/pressure_Pa");
  hsize_t dims[2];
  pressure.getSpace().getSimpleExtentDims(dims);
  CHECK(dims[0] == 2);      // 50 % and the peak-force frame
  CHECK(dims[1] == 6052);   // patellar cartilage triangles
  CHECK(ds.getSpace().getSimpleExtentNpoints() == 41);
  H5::DataSet q = f.openDataSet("/gait/question/lateral_shift_at_peak_PF");
  std::string q_units;
  q.openAttribute("units").read(str, q_units);
  CHECK(q_units == "mm");
  CHECK(q.getSpace().getSimpleExtentNpoints() == 1);
  // the force budget's vectors: frames x terms x XYZ, the terms named in an attribute
  H5::DataSet budget = f.openDataSet("/gait/force_budget_N");
  hsize_t bdims[3];
  REQUIRE(budget.getSpace().getSimpleExtentNdims() == 3);
  budget.getSpace().getSimpleExtentDims(bdims);
  std::string terms;
  budget.openAttribute("terms").read(str, terms);
  CHECK(bdims[0] == 41);
  CHECK(bdims[1] == static_cast<hsize_t>(std::count(terms.begin(), terms.end(), ',') + 1));
  CHECK(bdims[2] == 3);
  CHECK_THAT(terms, StartsWith("vll_r,") && Contains(",contact_lateral_facet,contact_medial_facet,external"));
  CHECK_FALSE(temp_left(out / "short_run.csv"));
  CHECK_FALSE(temp_left(out / "short_run.h5"));
  // OpenSim storage files read back with the project's own .sto reader
  const patella::Table forces = patella::read_sto((out / "short_run_forces.sto").string());
  CHECK(forces.rows.size() == 41);
  CHECK(forces.columns.size() == 52);  // time + 46 muscles (the vasti's heads in their place) + 5 reserves
  CHECK(forces.column("knee_flex_r_reserve") == 50);
  CHECK(patella::read_sto((out / "short_run_activations.sto").string()).columns.size() == 47);
  const patella::Table grf = patella::read_sto((out / "short_run_grf.mot").string());
  CHECK(grf.rows.size() == 41);
  CHECK(grf.column("ground_torque_z") == 9);
  std::ifstream xml(out / "short_run_external_loads.xml");
  std::stringstream xs;
  xs << xml.rdbuf();
  CHECK_THAT(xs.str(), Contains("<datafile>short_run_grf.mot</datafile>") &&
                           Contains("<applied_to_body>calcn_r</applied_to_body>") &&
                           Contains("<force_identifier>ground_force_v</force_identifier>"));
  const patella::Table kin = patella::read_sto((out / "short_run_kinematics.mot").string());
  CHECK(kin.in_degrees);
  CHECK(kin.column("pf_tz_r") > 0);
}

TEST_CASE("compare: the same numbers on one thread and on two", "[cli][slow]") {
  const fs::path a = scenario_file("cmp_a");
  const fs::path b = scenario_file("cmp_b", "", "muscles:\n  vaslat_r:\n    strength_scale: 80 %\n");
  const fs::path out = fs::temp_directory_path() / "patella_cli_compare";
  fs::remove_all(out);
  const Run one = run("compare " + a.string() + " " + b.string() +
                      " --threads 1 --quiet --name one --explain peak --out " + out.string());
  const Run two = run("compare " + a.string() + " " + b.string() + " --threads 2 --quiet --name two --out " + out.string());
  REQUIRE(one.code == 0);
  REQUIRE(two.code == 0);
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string c1 = slurp(out / "one_changes.csv"), c2 = slurp(out / "two_changes.csv");
  CHECK(c1.size() > 100);
  CHECK(c1 == c2);  // bit for bit (printed with 9 significant digits)
  CHECK_THAT(c1, Contains("lateral_shift_mm_cmp_b_minus_cmp_a"));
  CHECK(fs::file_size(out / "one.h5") > 1000);
  // --explain: both force budgets side by side at the first run's peak, with the change; the
  // weakened vastus lateralis pulls less laterally (its heads' change is negative)
  CHECK_THAT(one.out, Contains("force budget on the patella, lateral component [N]") &&
                          Contains("(the first run's peak PF force)") && Contains("contact_lateral_facet"));
  const auto vll = one.out.find("  vll_r ");
  REQUIRE(vll != std::string::npos);
  std::istringstream row(one.out.substr(vll, one.out.find('\n', vll) - vll));
  std::string term;
  double base = 0, weak = 0, change = 0;
  row >> term >> base >> weak >> change;
  CHECK(base > 100.0);
  CHECK(change < -10.0);
  CHECK(change == Approx(weak - base).margin(0.11));
  const Run bad = run("compare " + a.string() + " " + b.string() + " --explain halfway --out " + out.string());
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Contains("--explain: 'halfway'"));
}

TEST_CASE("claims: each claim's change under the three control hypotheses, its window and a verdict",
          "[cli][slow]") {
  const fs::path base = scenario_file("claim_base");
  const fs::path weak = scenario_file("claim_weak", "", "muscles:\n  vasmed_r: {strength_scale: 70 %}\n");
  // a tool whose literature-bounded release is zero (foam rolling, Glanzel et al. 2023)
  const fs::path roll = scenario_file(
      "claim_roll", "", "interventions:\n  - {tool: foam_roller, muscle: vasmed_r, duration: 60 s}\n");
  const fs::path dir = base.parent_path();
  std::ofstream(dir / "claims.yaml")
      << "claims:\n  - claim: \"weak VMO tilts\"\n    scenario: claim_weak.yaml\n"
         "    baseline: claim_base.yaml\n    metric: lateral tilt at peak PF\n    expected: increase\n"
         "    literature: none\n"
         "  - claim: \"rolling unloads\"\n    scenario: claim_roll.yaml\n"
         "    baseline: claim_base.yaml\n    metric: PF contact force stance mean\n    expected: decrease\n"
         "    literature: none\n";
  const fs::path md = dir / "claims.md";
  fs::remove(md);
  const Run r = run("claims --claims " + (dir / "claims.yaml").string() + " --out " + md.string());
  REQUIRE(r.code == 0);
  std::ifstream in(md);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  CHECK_THAT(text, Contains("| change, compensated | change, uncompensated | change, EMG-constrained |"));
  CHECK_THAT(text, Contains("| weak VMO tilts | `claim_weak.yaml` (vs `claim_base.yaml`) | lateral tilt at peak PF (deg) |"));
  // the weakness edits a muscle, so it ran uncompensated too, and every scenario EMG-constrained:
  // three changes in degrees, no percent
  const auto row = text.find("| weak VMO tilts |");
  const std::string weak_row = text.substr(row, text.find('\n', row) - row);
  std::vector<std::string> cells;
  for (std::size_t a = 1, b; (b = weak_row.find(" |", a)) != std::string::npos; a = b + 2)
    cells.push_back(weak_row.substr(a, b - a));
  REQUIRE(cells.size() >= 10);
  INFO(weak_row);
  for (int c : {4, 5, 6}) {  // change, compensated; uncompensated; EMG-constrained
    CHECK_THAT(cells[static_cast<std::size_t>(c)], Contains(" deg"));
    CHECK(cells[static_cast<std::size_t>(c)].find('%') == std::string::npos);
  }
  const bool has_verdict = weak_row.find("| supported |") != std::string::npos ||
                           weak_row.find("| contradicted |") != std::string::npos ||
                           weak_row.find("| too small to matter |") != std::string::npos ||
                           weak_row.find("| confounded |") != std::string::npos ||
                           weak_row.find("| not testable with this model |") != std::string::npos;
  CHECK(has_verdict);
  CHECK_THAT(text, Contains("| rolling unloads |") && Contains("| not testable with this model | no measured "
                                                               "mechanical effect of foam_roller exists"));
  CHECK_THAT(text, Contains("of 2 claims"));
  // a metric that is not one of the comparison's names the closest
  std::ofstream(dir / "bad_claims.yaml")
      << "claims:\n  - claim: \"x\"\n    scenario: claim_weak.yaml\n    baseline: claim_base.yaml\n"
         "    metric: lateral tilt at peak\n    expected: increase\n    literature: none\n";
  const Run bad = run("claims --claims " + (dir / "bad_claims.yaml").string() + " --out " +
                      (dir / "bad.md").string());
  CHECK(bad.code == 1);
  CHECK_THAT(bad.err, Contains("bad_claims.yaml:2") && Contains("'lateral tilt at peak'") &&
                          Contains("did you mean 'lateral tilt at peak PF'"));
  CHECK_FALSE(fs::exists(dir / "bad.md"));
}

// ---- issue 11: hostile input is refused where it enters, never as "internal error:" ----------

namespace {
std::string slurp_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// text with the first `from` replaced by `to` (the test fails if `from` is not there)
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// a scenario running the shipped model (or `model`) on the cycle CSV `cycle`
fs::path scenario_with(const std::string& name, const std::string& cycle,
                       const std::string& model = model_dir()) {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_hostile";
  fs::create_directories(dir);
  std::ofstream(dir / (name + ".yaml")) << "name: " << name << "\nmodel: " << model
                                        << "\ngait:\n  cycle_csv: " << cycle
                                        << "\noutput:\n  frames_per_cycle: 21\n";
  return dir / (name + ".yaml");
}

// a binary STL of the given triangles (9 floats each)
void write_stl(const fs::path& p, const std::vector<std::array<float, 9>>& triangles) {
  std::string s(80, ' ');
  const auto n = static_cast<std::uint32_t>(triangles.size());
  s.append(reinterpret_cast<const char*>(&n), 4);
  for (const auto& t : triangles) {
    const float normal[3] = {0, 0, 0};
    s.append(reinterpret_cast<const char*>(normal), sizeof normal);
    s.append(reinterpret_cast<const char*>(t.data()), 9 * sizeof(float));
    s.append(2, '\0');
  }
  std::ofstream(p, std::ios::binary) << s;
}
}  // namespace

TEST_CASE("run: stride, speed and muscle values that reached the muscle model exit 1 naming "
          "file, key and value",
          "[cli]") {
  // each used to stop the run with "internal error: rigid_tendon_state: ..."
  const fs::path dir = fs::temp_directory_path() / "patella_cli_hostile";
  fs::create_directories(dir);
  const std::string csv = slurp_text(std::string(PATELLA_MODELS_DIR) + "/running/default_running_cycle.csv");
  std::ofstream(dir / "tiny_stride.csv") << replaced(csv, "stride_time_s: 0.7173", "stride_time_s: 1e-300");
  std::ofstream(dir / "nan_speed.csv") << replaced(csv, "speed_m_per_s: 3.00", "speed_m_per_s: nan");
  const Run stride = run("run " + scenario_with("tiny_stride", (dir / "tiny_stride.csv").string()).string() +
                         " --out " + (dir / "out").string());
  CHECK(stride.code == 1);
  CHECK_THAT(stride.err, Contains("tiny_stride.csv:") && Contains("stride_time_s") &&
                             Contains("1e-300") && !Contains("internal error"));
  const Run speed = run("run " + scenario_with("nan_speed", (dir / "nan_speed.csv").string()).string() +
                        " --out " + (dir / "out").string());
  CHECK(speed.code == 1);
  CHECK_THAT(speed.err, Contains("nan_speed.csv:") && Contains("speed_m_per_s") &&
                            Contains("nan") && !Contains("internal error"));

  // a model whose vastus lateralis has a zero optimal fibre length
  const fs::path m = copy_model("zero_lopt");
  const fs::path osim = m / "model" / "lenhart2015.osim";
  std::string text = slurp_text(osim);
  const auto muscle = text.find("<Millard2012EquilibriumMuscle name=\"vaslat_r\">");
  REQUIRE(muscle != std::string::npos);
  const auto key = text.find("<optimal_fiber_length>", muscle) + 22;
  text.replace(key, text.find('<', key) - key, "0");
  std::ofstream(osim) << text;
  const Run lopt = run("run " +
                       scenario_with("zero_lopt", std::string(PATELLA_MODELS_DIR) +
                                                      "/running/default_running_cycle.csv",
                                     m.string()).string() +
                       " --out " + (dir / "out").string());
  CHECK(lopt.code == 1);
  CHECK_THAT(lopt.err, Contains("lenhart2015.osim:") && Contains("'vaslat_r'") &&
                           Contains("key 'optimal_fiber_length' has value 0") &&
                           !Contains("internal error"));
  CHECK_FALSE(fs::exists(dir / "out" / "zero_lopt.csv"));
}

TEST_CASE("a folder where a file belongs exits 1 naming it, never 'Is a directory'", "[cli]") {
  const fs::path dir = fs::temp_directory_path() / "patella_cli_folders";
  fs::create_directories(dir / "scenario.yaml");
  fs::create_directories(dir / "results.h5");
  fs::create_directories(dir / "cycle.csv");
  SECTION("the scenario") {
    const Run r = run("run " + (dir / "scenario.yaml").string());
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains((dir / "scenario.yaml").string()) && Contains("it is a folder") &&
                          !Contains("internal error"));
  }
  SECTION("the motion (a cycle CSV)") {
    const Run r = run("run " + scenario_with("folder_cycle", (dir / "cycle.csv").string()).string() +
                      " --out " + (dir / "out").string());
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains((dir / "cycle.csv").string()) && !Contains("internal error"));
  }
#ifdef PATELLA_CLI_HAS_VIZ  // without VTK, render says so before it reads anything
  SECTION("the results") {
    const Run r = run("render " + (dir / "results.h5").string());
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains((dir / "results.h5").string()) && Contains("folder") &&
                          !Contains("internal error"));
  }
#endif
  SECTION("the model file") {
    const fs::path m = copy_model("osim_folder");
    const fs::path osim = m / "model" / "lenhart2015.osim";
    fs::remove(osim);
    fs::create_directories(osim);
    const Run r = run("knee --model " + m.string() + " --flexion 30");
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains(osim.string()) && Contains("it is a folder") &&
                          !Contains("internal error"));
  }
}

TEST_CASE("knee: a flexion outside the model's coordinate range or a bad number is refused, "
          "naming value and range",
          "[cli]") {
  const Run huge = run("knee --flexion 1e5");
  CHECK(huge.code == 2);
  CHECK_THAT(huge.err, Contains("--flexion") && Contains("100000 deg") && Contains("[-10, 120]"));
  const Run nan = run("knee --quadriceps nan");
  CHECK(nan.code == 2);
  CHECK_THAT(nan.err, Contains("--quadriceps") && Contains("'nan' is not a number"));
  // a model whose knee flexes only to about 28.6 deg (0.5 rad): its own range is the bound
  const fs::path m = copy_model("short_knee");
  const fs::path osim = m / "model" / "lenhart2015.osim";
  const std::string text = slurp_text(osim);
  const auto coord = text.find("<Coordinate name=\"knee_flex_r\">");
  REQUIRE(coord != std::string::npos);
  std::string edited = text;
  const auto range = edited.find("<range>", coord) + 7;
  edited.replace(range, edited.find('<', range) - range, "-0.174532925199433 0.5");
  std::ofstream(osim) << edited;
  const Run r = run("knee --model " + m.string() + " --flexion 20:40:10 --quiet");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--flexion: 30 deg is outside the range of coordinate 'knee_flex_r'") &&
                        Contains("lenhart2015.osim") && Contains("28.64788976 deg"));
}

TEST_CASE("knee: a contact mesh of degenerate triangles is refused naming file and count - one "
          "that never meets the femur is not reported converged",
          "[cli]") {
  SECTION("degenerate: 90 of 100 triangles have zero area") {
    const fs::path m = copy_model("degenerate_mesh");
    std::vector<std::array<float, 9>> t;
    for (int i = 0; i < 100; ++i) {
      const float x = 0.001f * i;
      if (i < 90) t.push_back({x, 0, 0, x + 0.001f, 0, 0, x + 0.002f, 0, 0});  // collinear
      else t.push_back({x, 0, 0, x + 0.001f, 0, 0, x, 0.001f, 0});
    }
    write_stl(m / "geometry" / "lenhart2015-R-patella-cartilage.stl", t);
    const Run r = run("knee --model " + m.string() + " --flexion 30 --quadriceps 500");
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains("lenhart2015-R-patella-cartilage.stl") &&
                          Contains("90 of 100 triangles have zero area"));
  }
  SECTION("real triangles 1 m from the knee: no contact under load is a failed frame") {
    const fs::path m = copy_model("far_mesh");
    std::vector<std::array<float, 9>> t;
    for (int i = 0; i < 50; ++i) {
      const float x = 1.0f + 0.002f * i;
      t.push_back({x, 1, 1, x + 0.002f, 1, 1, x, 1.002f, 1});
    }
    write_stl(m / "geometry" / "lenhart2015-R-patella-cartilage.stl", t);
    // the model's own calibration (the ITB link's slack, at a passive equilibrium) finds it first
    const Run c = run("knee --model " + m.string() + " --flexion 30 --quadriceps 500");
    CHECK(c.code == 1);
    CHECK_THAT(c.err, Contains("itb_patellar_link") &&
                          Contains("without any patellofemoral contact under 55.721 N"));
    // without that link, the sweep's own frame is flagged: exit 3, converged 0, and why
    const fs::path overlay = m / "patella.yaml";
    const std::string no_link = replaced(slurp_text(overlay), "enabled: true", "enabled: false");
    std::ofstream(overlay) << no_link;
    const fs::path csv = fs::temp_directory_path() / "patella_cli_far_mesh.csv";
    const Run r = run("knee --model " + m.string() + " --flexion 30 --quadriceps 500 --csv " +
                      csv.string());
    CHECK(r.code == 3);
    CHECK_THAT(r.err, Contains("without any patellofemoral contact under 500 N"));
    std::ifstream in(csv);
    std::string header, row;
    std::getline(in, header);
    std::getline(in, row);
    CHECK_THAT(header, Contains(",converged,"));
    // the converged column (14th) says 0
    std::stringstream cells(row);
    std::string cell;
    for (int c = 0; c < 14; ++c) std::getline(cells, cell, ',');
    CHECK(cell == "0");
  }
}
