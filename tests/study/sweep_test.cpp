// The sweep's pieces without a simulation: the designs set on parameters, the journal's lines
// and folder, the statistics on outputs with known answers, and the HDF5 file's bytes.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include "patella/core/error.hpp"
#include "patella/gait/compare.hpp"
#include "patella/study/claim_bands.hpp"
#include "patella/study/sweep_analysis.hpp"
#include "patella/study/sweep_journal.hpp"
#include "support/temp_files.hpp"

using namespace patella;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

SweepParameter uniform(const std::string& key, double lo, double hi) {
  SweepParameter p;
  p.key = key;
  p.unit = "1";
  p.distribution.kind = Distribution::Kind::Uniform;
  p.distribution.a = lo;
  p.distribution.b = hi;
  p.source = "test";
  return p;
}

// a plan of one run and one metric over two parameters, no files
SweepPlan plan_of(SweepDesign design, int samples, int levels = 0) {
  SweepSpec spec;
  spec.name = "t";
  spec.design = design;
  spec.samples = samples;
  spec.levels = levels;
  spec.seed = 11;
  spec.bootstrap = 100;
  spec.metrics = {"m"};
  spec.parameters = {uniform("a", 0, 1), uniform("b", 10, 20)};
  SweepPlan plan;
  plan.spec = spec;
  plan.samples = sweep_samples(spec);
  plan.controls = {"compensated"};
  plan.runs = {{"scenario, compensated", "s.yaml", "compensated", Scenario{}, true}};
  plan.outputs = {{"scenario, compensated", "m", "mm", "compensated", 0, 0, -1, -1}};
  return plan;
}

// outcomes of f(a, b) at every sample, curves f at every point
std::vector<SampleOutcome> outcomes_of(const SweepPlan& plan, double (*f)(double, double)) {
  std::vector<SampleOutcome> out(plan.samples.n);
  for (std::size_t i = 0; i < plan.samples.n; ++i) {
    const double v = f(plan.samples.value[2 * i], plan.samples.value[2 * i + 1]);
    out[i].ok = true;
    out[i].metrics = {v};
    out[i].curves.assign(sweep_channels().size() * kSweepCurvePoints, v);
  }
  return out;
}

double linear(double a, double b) { return 2 * a + 0.1 * (b - 10); }  // variance 4/12 and 1/12

}  // namespace

TEST_CASE("sweep samples: each design's rows, values at the distributions' quantiles", "[sweep]") {
  const SweepPlan grid = plan_of(SweepDesign::Grid, 0, 3);
  REQUIRE(grid.samples.n == 9);
  // the last parameter varies fastest; u = 0, 1/2, 1 are low, middle, high
  CHECK(grid.samples.value[0] == 0.0);
  CHECK(grid.samples.value[1] == 10.0);
  CHECK(grid.samples.value[2 * 1 + 1] == 15.0);
  CHECK(grid.samples.value[2 * 3] == 0.5);
  CHECK(grid.samples.value[2 * 8] == 1.0);
  CHECK(grid.samples.value[2 * 8 + 1] == 20.0);
  const SweepPlan sobol = plan_of(SweepDesign::Sobol, 16);
  CHECK(sobol.samples.n == 16 * 4);
  CHECK(sobol.samples.base == 16);
  const SweepPlan lhs = plan_of(SweepDesign::LatinHypercube, 10);
  REQUIRE(lhs.samples.n == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(lhs.samples.value[2 * i + 1] == Approx(10 + 10 * lhs.samples.u[2 * i + 1]).epsilon(1e-15));
    CHECK(lhs.samples.value[2 * i + 1] >= 10.0);
    CHECK(lhs.samples.value[2 * i + 1] < 20.0);
  }
  const SweepPlan morris = plan_of(SweepDesign::Morris, 5, 4);
  CHECK(morris.samples.n == 5 * 3);
}

TEST_CASE("sweep statistics: Sobol' indices and ranges of a linear output are its variance shares", "[sweep]") {
  const SweepPlan plan = plan_of(SweepDesign::Sobol, 1024);
  const SweepResults r = analyse_sweep(plan, outcomes_of(plan, linear), "test");
  REQUIRE(r.outputs.size() == 1);
  const SweepOutputStats& o = r.outputs[0];
  CHECK(o.used == plan.samples.n);
  REQUIRE(o.first.size() == 2);
  // S_a = 4 / 5, S_b = 1 / 5; no interaction, so the totals are the same
  CHECK(o.first[0] == Approx(0.8).margin(0.02));
  CHECK(o.first[1] == Approx(0.2).margin(0.02));
  CHECK(o.total[0] == Approx(0.8).margin(0.02));
  CHECK(o.total[1] == Approx(0.2).margin(0.02));
  for (int j = 0; j < 2; ++j) {
    CHECK(o.first_low[j] <= o.first[j]);
    CHECK(o.first_high[j] >= o.first[j]);
  }
  CHECK(o.median == Approx(1.5).margin(0.02));
  // the 5 % quantile of 2a + 0.1 (b - 10), a triangular-ish sum: between its bounds 0 and 3
  CHECK(o.low > 0.0);
  CHECK(o.high < 3.0);
  REQUIRE(r.bands.size() == sweep_channels().size());
  CHECK(r.bands[0].median[50] == Approx(o.median).margin(1e-12));
  CHECK_THAT(format_sweep_summary(r), Contains("a 0.8") && Contains("sobol design, 4096 samples (0 failed"));
}

TEST_CASE("sweep statistics: Morris effects of a linear output are its slopes over the ranges", "[sweep]") {
  const SweepPlan plan = plan_of(SweepDesign::Morris, 6, 4);
  const SweepResults r = analyse_sweep(plan, outcomes_of(plan, linear), "test");
  const SweepOutputStats& o = r.outputs[0];
  REQUIRE(o.mu.size() == 2);
  // a's range (1) moves the output by 2, b's (10) by 1
  CHECK(o.mu[0] == Approx(2.0).epsilon(1e-12));
  CHECK(o.mu[1] == Approx(1.0).epsilon(1e-12));
  CHECK(o.mu_star[0] == Approx(2.0).epsilon(1e-12));
  CHECK(o.sigma[0] == Approx(0.0).margin(1e-12));
  CHECK(o.morris_trajectories == 6);
}

TEST_CASE("sweep statistics leave out a failed sample: its base row, its trajectory, its curve", "[sweep]") {
  const SweepPlan plan = plan_of(SweepDesign::Sobol, 64);
  std::vector<SampleOutcome> out = outcomes_of(plan, linear);
  out[70] = SampleOutcome{};  // a row of B (64..127): base row 6
  out[70].error = "did not converge";
  const SweepResults r = analyse_sweep(plan, out, "test");
  CHECK(r.failed[70] == 1);
  CHECK(r.errors[70] == "did not converge");
  CHECK(r.outputs[0].used == plan.samples.n - 1);
  CHECK(std::isnan(r.outputs[0].value[70]));
  CHECK(r.outputs[0].sobol_rows == 63);
  CHECK(std::isnan(r.bands[0].curves[70 * kSweepCurvePoints]));
  CHECK_THAT(format_sweep_summary(r), Contains("(1 failed"));
  const SweepPlan m = plan_of(SweepDesign::Morris, 4, 4);
  std::vector<SampleOutcome> mo = outcomes_of(m, linear);
  mo[4].ok = false;  // trajectory 1 (rows 3..5)
  CHECK(analyse_sweep(m, mo, "test").outputs[0].morris_trajectories == 3);
}

TEST_CASE("a journal line reads back to the same doubles - a line cut short is no sample", "[sweep]") {
  SampleOutcome o;
  o.ok = true;
  o.unconverged = 2;
  o.metrics = {0.1 + 0.2, -0.0, std::numeric_limits<double>::quiet_NaN(), 4.9406564584124654e-324, 1e308};
  o.curves = {1.0 / 3, -2.5};
  const std::string line = journal_line(42, o);
  REQUIRE(line.back() == '\n');
  std::size_t i = 0;
  SampleOutcome back;
  REQUIRE(parse_journal_line(line.substr(0, line.size() - 1), i, back));
  CHECK(i == 42);
  CHECK(back.ok);
  CHECK(back.unconverged == 2);
  REQUIRE(back.metrics.size() == 5);
  CHECK(back.metrics[0] == 0.1 + 0.2);
  CHECK(std::signbit(back.metrics[1]));
  CHECK(std::isnan(back.metrics[2]));
  CHECK(back.metrics[3] == 4.9406564584124654e-324);
  CHECK(back.curves[0] == 1.0 / 3);
  for (std::size_t cut : {line.size() - 3, line.size() / 2, std::size_t{3}})
    CHECK_FALSE(parse_journal_line(line.substr(0, cut), i, back));
  SampleOutcome failed;
  failed.error = "line one\nline two";
  const std::string f = journal_line(7, failed);
  REQUIRE(parse_journal_line(f.substr(0, f.size() - 1), i, back));
  CHECK_FALSE(back.ok);
  CHECK(back.error == "line one line two");
  // a failed sample's line cut inside its message is not whole either
  CHECK_FALSE(parse_journal_line(f.substr(0, f.size() - 5), i, back));
}

TEST_CASE("a journal folder keeps whole samples, refuses another sweep's, and its first record wins", "[sweep]") {
  const fs::path dir = test::temp_dir("patella_sweep_journal_test") / "s.journal";
  fs::remove_all(dir);
  CHECK(read_journal(dir.string(), "abc", 10, 1, 0).empty());
  SampleOutcome o;
  o.ok = true;
  o.metrics = {1.5};
  {
    JournalWriter w(dir.string(), "abc", "rank0");
    w.append(3, o);
    o.metrics = {2.5};
    w.append(5, o);
  }
  {
    JournalWriter w(dir.string(), "abc", "rank1");
    o.metrics = {9.0};
    w.append(3, o);  // a second record of sample 3 (another writer)
  }
  // a kill mid-line leaves a line without its end
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find("rank1") != std::string::npos)
      std::ofstream(e.path(), std::ios::app) << "6 ok 0 1 3.5";
  {
    // a damaged count asks for no memory: it runs out of numbers
    SampleOutcome back;
    std::size_t i = 0;
    CHECK_FALSE(parse_journal_line("1 ok 0 99999999999999 1.0 0 end", i, back));
  }
  const auto got = read_journal(dir.string(), "abc", 10, 1, 0);
  REQUIRE(got.size() == 2);
  CHECK(got.at(3).metrics[0] == 1.5);  // rank0's part sorts first
  CHECK(got.at(5).metrics[0] == 2.5);
  CHECK(read_journal(dir.string(), "abc", 10, 2, 0).empty());  // another shape: not reused
  CHECK_THROWS_WITH(read_journal(dir.string(), "xyz", 10, 1, 0),
                    Contains("s.journal") && Contains("another sweep") && Contains("Remove the folder"));
  CHECK_THROWS_AS(JournalWriter(dir.string(), "xyz", "rank2"), IoError);
}

TEST_CASE("a sweep's HDF5 file is the same bytes whenever it is written", "[sweep]") {
  const SweepPlan plan = plan_of(SweepDesign::Morris, 3, 4);
  std::vector<SampleOutcome> out = outcomes_of(plan, linear);
  out[1].ok = false;
  out[1].error = "why";
  const SweepResults r = analyse_sweep(plan, out, "test");
  const fs::path dir = test::temp_dir("patella_sweep_h5_test");
  write_sweep_hdf5((dir / "a.h5").string(), r);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // HDF5's object times have 1 s steps
  write_sweep_hdf5((dir / "b.h5").string(), r);
  auto bytes = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string a = bytes(dir / "a.h5");
  CHECK(a.size() > 1000);
  CHECK(a == bytes(dir / "b.h5"));
  CHECK_FALSE(test::temp_left(dir / "b.h5"));
}

TEST_CASE("a claim's band verdict: the whole band beyond, within or across the smallest change that matters",
          "[sweep]") {
  // lateral shift: 0.575 mm matters (a quarter of the 2.3 mm between-subject SD)
  const double t = smallest_change("mm").value;
  CHECK(band_verdict(5, t + 0.1, 2, "mm", "increase") == "supported");
  CHECK(band_verdict(5, t + 0.1, 2, "mm", "decrease") == "contradicted");
  CHECK(band_verdict(5, -2, -t - 0.1, "mm", "decrease") == "supported");
  CHECK(band_verdict(5, -t + 0.1, t - 0.1, "mm", "increase") == "too small to matter");
  CHECK(band_verdict(5, t - 0.1, t + 0.1, "mm", "increase") == "uncertain");
  CHECK(band_verdict(5, -1, 1, "mm", "increase") == "uncertain");
  CHECK(band_verdict(5, NAN, 1, "mm", "increase") == "not defined");
  // a force's threshold is relative to the baseline: 8.3 % of 4 BW
  const SmallestChange f = smallest_change("BW");
  REQUIRE(f.relative);
  CHECK(band_verdict(4, 4 * f.value * 1.1, 1, "BW", "increase") == "supported");
  CHECK(band_verdict(4, 4 * f.value * 0.9, 1, "BW", "increase") == "uncertain");
}

TEST_CASE("a claims sweep's outputs are found by claim and control, and its drivers ranked", "[sweep]") {
  SweepResults r;
  r.keys = {"a", "b", "c"};
  r.claim_text = {"x", "y"};
  r.claim_metric = {"m", "n"};
  r.claim_scenario = {"s1.yaml", "s2.yaml"};
  r.claim_baseline = {"b.yaml", "b.yaml"};
  auto claim = [](const char* text, const char* metric, const char* scenario = "s2.yaml") {
    Claim c;
    c.text = text;
    c.metric = metric;
    c.scenario = scenario;
    c.baseline = "b.yaml";
    return c;
  };
  SweepOutputStats o;
  o.claim = 1;
  o.control = "uncompensated";
  o.total = {0.1, 0.7, 0.25};
  o.total_low = {0.05, 0.6, 0.2};
  o.total_high = {0.15, 0.8, 0.3};
  r.outputs = {o};
  CHECK(claim_band(r, claim("y", "n"), "uncompensated") == &r.outputs[0]);
  CHECK(claim_band(r, claim("y", "n"), "compensated") == nullptr);
  CHECK(claim_band(r, claim("y", "m"), "uncompensated") == nullptr);  // another metric: not this claim
  CHECK(claim_band(r, claim("y", "n", "s3.yaml"), "uncompensated") == nullptr);  // edited since the sweep
  CHECK(claim_band(r, claim("x", "m", "s1.yaml"), "uncompensated") == nullptr);
  CHECK(driver_text(r, r.outputs[0]) == "`b` 0.70 [0.60, 0.80]; `c` 0.25 [0.20, 0.30]");
  SweepOutputStats m;
  m.unit = "mm";
  m.mu_star = {0.5, 0.01, 2};
  CHECK(driver_text(r, m, 1) == "`c` 2 mm");
  CHECK(driver_text(r, SweepOutputStats{}).empty());
}

TEST_CASE("the shipped claims sweep reads and plans: its parameters sourced, 320 samples of 40 runs", "[sweep]") {
  const SweepSpec spec = read_sweep(std::string(PATELLA_SOURCE_DIR) + "/scenarios/sweeps/claims_uncertainty.yaml");
  CHECK(spec.design == SweepDesign::Sobol);
  REQUIRE(spec.parameters.size() == 8);
  for (const SweepParameter& p : spec.parameters) {
    INFO(p.key);
    CHECK(p.source.size() > 20);
  }
  const SweepPlan plan = plan_sweep(spec);
  CHECK(plan.samples.n == 320);
  CHECK(plan.samples.n >= 256);  // issue 17: a shipped sweep of at least 256 samples
  CHECK(plan.runs.size() == 40);
  CHECK(plan.outputs.size() == plan.claims.size() * 3);
  CHECK(plan.curve_values() == 0);
}
