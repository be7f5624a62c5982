// `patella sweep` as a user meets it: the same bytes on one thread or two and after a resume,
// a failed sample recorded with its error, and a journal of another sweep refused. The checks
// read the files' bytes, not only exit codes.
#include <catch2/catch.hpp>

#include <H5Cpp.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_files.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

struct Run {
  int code;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Run sweep(const fs::path& dir, const std::string& args) {
  const std::string o = (dir / "stdout.txt").string(), e = (dir / "stderr.txt").string();
  const int status = std::system((std::string(PATELLA_CLI) + " sweep " + args + " >" + o + " 2>" + e).c_str());
  return {WEXITSTATUS(status), slurp(o), slurp(e)};
}

const std::string kScenarios = std::string(PATELLA_SOURCE_DIR) + "/scenarios";

fs::path sweep_file(const fs::path& dir, const std::string& body) {
  std::ofstream(dir / "s.yaml") << body;
  return dir / "s.yaml";
}

const std::string kSweep =
    "name: small\n"
    "scenario: " + kScenarios + "/baseline_running.yaml\n"
    "design: latin_hypercube\n"
    "samples: 3\n"
    "seed: 5\n"
    "metrics: [lateral shift at peak PF, PF contact force stance mean]\n"
    "parameters:\n"
    "  - key: knee.ligament_stiffness.PT\n"
    "    distribution: uniform\n"
    "    low: 90 %\n"
    "    high: 110 %\n"
    "    source: a test range\n";

}  // namespace

TEST_CASE("sweep: one thread, two threads and a resumed sweep write the same bytes", "[cli][sweep]") {
  const fs::path dir = patella::test::temp_dir("patella_sweep_cli_same");
  fs::remove_all(dir / "a");
  fs::remove_all(dir / "b");
  fs::remove_all(dir / "c");
  const fs::path s = sweep_file(dir, kSweep);
  const Run a = sweep(dir, s.string() + " --out " + (dir / "a").string() + " --threads 1");
  REQUIRE(a.code == 0);
  CHECK_THAT(a.out, Contains("latin_hypercube design, 3 samples (0 failed") &&
                        Contains("lateral shift at peak PF"));
  CHECK_THAT(a.err, Contains("sample 3/3 done"));
  const Run b = sweep(dir, s.string() + " --out " + (dir / "b").string() + " --threads 2 --quiet");
  REQUIRE(b.code == 0);
  CHECK(b.out.empty());
  // stopped after one sample: exit 4, the journal holds it; the next run computes the other two
  const Run c1 = sweep(dir, s.string() + " --out " + (dir / "c").string() + " --max-samples 1 --quiet");
  CHECK(c1.code == 4);
  CHECK_THAT(c1.err, Contains("2 of 3 samples are left"));
  CHECK_FALSE(fs::exists(dir / "c" / "small.h5"));
  REQUIRE(fs::exists(dir / "c" / "small.journal" / "fingerprint"));
  const Run c2 = sweep(dir, s.string() + " --out " + (dir / "c").string());
  REQUIRE(c2.code == 0);
  CHECK_THAT(c2.err, Contains("1 samples resumed"));
  CHECK_FALSE(fs::exists(dir / "c" / "small.journal"));
  const std::string bytes = slurp(dir / "a" / "small.h5");
  CHECK(bytes.size() > 10000);
  CHECK(bytes == slurp(dir / "b" / "small.h5"));
  CHECK(bytes == slurp(dir / "c" / "small.h5"));

  // a journal left by another sweep is refused, not mixed in
  fs::create_directories(dir / "c" / "small.journal");
  std::ofstream(dir / "c" / "small.journal" / "fingerprint") << "0123\n";
  const Run d = sweep(dir, s.string() + " --out " + (dir / "c").string() + " --quiet");
  CHECK(d.code == 1);
  CHECK_THAT(d.err, Contains("small.journal: a journal of another sweep"));
  CHECK(slurp(dir / "c" / "small.h5") == bytes);  // the earlier results are untouched
}

TEST_CASE("sweep: a failed sample is recorded with its error and parameters, and the exit code says so",
          "[cli][sweep]") {
  const fs::path dir = patella::test::temp_dir("patella_sweep_cli_failed");
  fs::remove_all(dir / "out");
  // with the three vasti at 0 %, rectus femoris alone: at 0 % too no muscle extends the knee
  // and the muscle-patella iteration fails; at 100 % it runs
  std::ofstream(dir / "no_vasti.yaml") << "extends: " << kScenarios << "/baseline_running.yaml\n"
                                       << "name: no_vasti\nmuscles:\n"
                                          "  vaslat_r: {strength_scale: 0 %}\n"
                                          "  vasmed_r: {strength_scale: 0 %}\n"
                                          "  vasint_r: {strength_scale: 0 %}\n";
  const fs::path s = sweep_file(dir, "name: rf\nscenario: no_vasti.yaml\ndesign: grid\nlevels: 2\n"
                                     "metrics: [PF contact force stance mean]\n"
                                     "parameters:\n  - key: muscles.recfem_r.strength_scale\n"
                                     "    distribution: uniform\n    low: 0 %\n    high: 100 %\n"
                                     "    source: a test of a failing sample\n");
  const Run r = sweep(dir, s.string() + " --out " + (dir / "out").string() + " --threads 2");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("1 of 2 samples failed") && Contains("sample 0: ") &&
                        Contains("did not agree"));
  CHECK_THAT(r.out, Contains("2 samples (1 failed"));
  H5::H5File f((dir / "out" / "rf.h5").string(), H5F_ACC_RDONLY);
  int failed[2] = {-1, -1};
  f.openDataSet("/samples/failed").read(failed, H5::PredType::NATIVE_INT);
  CHECK(failed[0] == 1);
  CHECK(failed[1] == 0);
  double value[2] = {-1, -1};
  f.openDataSet("/parameters/value").read(value, H5::PredType::NATIVE_DOUBLE);
  CHECK(value[0] == 0.0);
  CHECK(value[1] == 100.0);
  double force[2] = {0, 0};
  f.openDataSet("/outputs/scenario, compensated/PF contact force stance mean/value")
      .read(force, H5::PredType::NATIVE_DOUBLE);
  CHECK(std::isnan(force[0]));
  CHECK(force[1] > 0.5);
}

TEST_CASE("sweep: bad flags and files get exit codes 2 and 1 with what is wrong", "[cli][sweep]") {
  const fs::path dir = patella::test::temp_dir("patella_sweep_cli_bad");
  CHECK(sweep(dir, "").code == 2);
  CHECK(sweep(dir, "a.yaml --threads 0").code == 2);
  const Run missing = sweep(dir, (dir / "nowhere.yaml").string());
  CHECK(missing.code == 1);
  CHECK_THAT(missing.err, Contains("nowhere.yaml"));
  std::string body = kSweep;
  body.replace(body.find("ligament_stiffness.PT"), 21, "ligament_stiffness.XX");
  const fs::path s = sweep_file(dir, body);
  const Run bad = sweep(dir, s.string() + " --out " + (dir / "out").string());
  CHECK(bad.code == 1);
  CHECK_THAT(bad.err, Contains("baseline_running.yaml with every parameter at its median") && Contains("XX"));
  CHECK_FALSE(fs::exists(dir / "out" / "small.journal"));
}

TEST_CASE("claims --uncertainty: each change gets its band from a claims sweep, and a wrong sweep file is refused",
          "[cli][sweep]") {
  const fs::path dir = patella::test::temp_dir("patella_sweep_cli_claims");
  fs::remove_all(dir / "out");
  // one claim whose files edit no muscle: 2 files x 2 controls (the uncompensated change is the
  // compensated run's), 4 runs a sample
  std::ofstream(dir / "claims.yaml")
      << "claims:\n  - claim: \"A lateralised tibial tuberosity shifts the kneecap laterally\"\n"
      << "    scenario: " << kScenarios << "/tibial_tuberosity_lateral.yaml\n"
      << "    baseline: " << kScenarios << "/baseline_running.yaml\n"
      << "    metric: lateral shift at peak PF\n    expected: increase\n    literature: \"test\"\n";
  const fs::path s = sweep_file(dir, "name: cb\nclaims: claims.yaml\ndesign: latin_hypercube\nsamples: 2\n"
                                     "parameters:\n  - key: knee.ligament_stiffness.PT\n"
                                     "    distribution: uniform\n    low: 90 %\n    high: 110 %\n"
                                     "    combine: multiply\n    source: a test range\n");
  const Run sw = sweep(dir, s.string() + " --out " + (dir / "out").string() + " --threads 2");
  REQUIRE(sw.code == 0);
  CHECK_THAT(sw.out, Contains("claim 1, compensated") && Contains("claim 1, uncompensated") &&
                         Contains("claim 1, emg_constrained"));
  const std::string md = (dir / "claims.md").string();
  const std::string cmd = std::string(PATELLA_CLI) + " claims --claims " + (dir / "claims.yaml").string() +
                          " --out " + md + " --threads 2 --uncertainty ";
  const int ok = std::system((cmd + (dir / "out" / "cb.h5").string() + " > /dev/null 2>&1").c_str());
  REQUIRE(WEXITSTATUS(ok) == 0);
  const std::string text = slurp(md);
  CHECK_THAT(text, Contains("**Bands.**") && Contains("the sweep `cb`") &&
                       Contains("| `knee.ligament_stiffness.PT` | uniform [90, 110] % | multiply | a test range |") &&
                       Contains("drivers (none: the design gives no indices)") && Contains(" mm [+"));
  // a sweep of a scenario is not a claims sweep
  const fs::path s2 = sweep_file(dir, kSweep);
  REQUIRE(sweep(dir, s2.string() + " --out " + (dir / "out").string() + " --quiet").code == 0);
  const Run bad{WEXITSTATUS(std::system((cmd + (dir / "out" / "small.h5").string() + " > " +
                                          (dir / "e.txt").string() + " 2>&1").c_str())),
                "", ""};
  CHECK(bad.code == 1);
  CHECK_THAT(slurp(dir / "e.txt"), Contains("small.h5: a sweep of a scenario, not of the claims"));
  CHECK(slurp(md) == text);  // the earlier claims.md is untouched
}

#ifdef PATELLA_CLI_HAS_VIZ
TEST_CASE("sweep --png draws the tracking charts with their bands and the tornado chart - render draws them "
          "from the file",
          "[cli][sweep]") {
  const fs::path dir = patella::test::temp_dir("patella_sweep_cli_png");
  fs::remove_all(dir / "out");
  const fs::path s = sweep_file(dir, "name: pics\nscenario: " + kScenarios + "/vastus_medialis_weakness.yaml\n"
                                     "baseline: " + kScenarios + "/baseline_running.yaml\n"
                                     "design: morris\ntrajectories: 1\nlevels: 2\n"
                                     "metrics: [lateral tilt at peak PF]\n"
                                     "parameters:\n  - key: knee.ligament_stiffness.PT\n"
                                     "    distribution: uniform\n    low: 90 %\n    high: 110 %\n"
                                     "    source: a test range\n");
  const Run r = sweep(dir, s.string() + " --out " + (dir / "out").string() + " --png");
  if (std::getenv("DISPLAY") == nullptr) {  // said before any sample runs
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--png: no display"));
    CHECK_FALSE(fs::exists(dir / "out" / "pics.h5"));
    return;
  }
  REQUIRE(r.code == 0);
  for (const char* png : {"pics_bands.png", "pics_tornado.png"}) {
    INFO(png);
    const std::string bytes = slurp(dir / "out" / png);
    REQUIRE(bytes.size() > 10000);
    CHECK(bytes.substr(1, 3) == "PNG");
    CHECK_THAT(r.err, Contains(png));
  }
  // render draws the same pictures from the file, without simulating
  fs::remove_all(dir / "render");
  const int rc = std::system((std::string(PATELLA_CLI) + " render " + (dir / "out" / "pics.h5").string() +
                              " --out " + (dir / "render").string() + " > /dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(rc) == 0);
  for (const char* png : {"pics_bands.png", "pics_tornado.png"}) {
    INFO(png);
    CHECK(slurp(dir / "render" / png).size() > 10000);
  }
}
#endif
