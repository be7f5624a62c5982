// Comparisons align runs by gait percent and report changes from the first.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "patella/core/conventions.hpp"
#include "patella/gait/compare.hpp"

using namespace patella;

namespace {
// a synthetic run: lateral shift 5 + sin(2 pi p) mm, PF force 2 + p BW (body weight 600 N)
GaitResult synthetic(int frames, double offset_mm) {
  GaitResult r;
  r.body_mass = 600.0 / 9.80665;
  for (int k = 0; k < frames; ++k) {
    GaitFrame f;
    f.gait_percent = 100.0 * k / (frames - 1);
    const double p = f.gait_percent / 100.0;
    f.pf[5] = (5.0 + offset_mm + std::sin(2 * M_PI * p)) * 1e-3;
    f.contact.force = Vec3(0, (2.0 + p) * 600.0, 0);
    f.report.converged = true;
    r.frames.push_back(f);
  }
  return r;
}
}  // namespace

TEST_CASE("Compare: runs with different frame counts align by gait percent", "[gait][compare]") {
  const GaitResult a = synthetic(101, 0.0), b = synthetic(41, 0.5);
  const Comparison c = compare_results({"a", "b"}, {&a, &b});
  REQUIRE(c.gait_percent.size() == 101);
  const AlignedChannel& shift = c.channels[0];
  REQUIRE(shift.name == "lateral_shift");
  for (std::size_t k = 0; k < c.gait_percent.size(); ++k) {
    const double p = c.gait_percent[k] / 100.0;
    CHECK(shift.curve[0][k] == Approx(5.0 + std::sin(2 * M_PI * p)).margin(1e-9));
    // b has 2.5 % spacing: linear interpolation of a sine, error <= (2 pi)^2 / 8 * 0.025^2 mm
    CHECK(shift.curve[1][k] - shift.curve[0][k] == Approx(0.5).margin(0.004));
  }
  // the table: peak shift 6 vs 6.5 mm, peak force 3 BW in both
  CHECK(c.metrics[0].name == "peak lateral shift");
  CHECK(c.metrics[0].value[0] == Approx(6.0).margin(1e-3));
  CHECK(c.metrics[0].value[1] == Approx(6.5).margin(1e-2));
  CHECK(c.metrics[4].name == "peak PF contact force");
  CHECK(c.metrics[4].value[1] == Approx(c.metrics[4].value[0]));
  CHECK_THROWS(compare_results({"a"}, {&a}));
}

TEST_CASE("Compare: values where the question is - at the peak-PF frame, over loading response "
          "and over stance", "[gait][compare]") {
  // 101 frames, stance to 40 %: knee flexion peaks at 20 %, PF force at 15 %, shift = percent/10 mm
  GaitResult r;
  r.body_mass = 600.0 / 9.80665;
  r.stance_percent = 40.0;
  for (int k = 0; k <= 100; ++k) {
    GaitFrame f;
    f.gait_percent = k;
    f.q[kKneeFlex] = deg_to_rad(40.0 - std::abs(k - 20.0));
    f.contact.force = Vec3(0, 600.0 * std::max(0.1, 3.0 - std::abs(k - 15.0) / 10.0), 0);
    f.contact.lateral_force = Vec3(0, 0, 100.0 + k);
    f.pf[5] = k / 10.0 * 1e-3;
    f.report.converged = true;
    r.frames.push_back(f);
  }
  const Comparison c = compare_results({"a", "b"}, {&r, &r});
  auto metric = [&](const std::string& name) {
    for (const ComparedMetric& m : c.metrics)
      if (m.name == name) return m.value[0];
    FAIL("no metric " << name);
    return 0.0;
  };
  CHECK(metric("lateral shift at peak PF") == Approx(1.5));
  CHECK(metric("lateral shift loading response mean") == Approx(1.0));  // frames 0..20
  CHECK(metric("lateral shift stance mean") == Approx(2.0));            // frames 0..40
  CHECK(metric("PF contact force loading response mean") > 2.0);
  CHECK(metric("lateral facet force at peak PF") == Approx(115.0));
  CHECK(metric_window(r, "lateral shift at peak PF") == std::pair<double, double>{15.0, 15.0});
  CHECK(metric_window(r, "lateral tilt loading response mean") == std::pair<double, double>{0.0, 20.0});
  CHECK(metric_window(r, "PF contact force stance mean") == std::pair<double, double>{0.0, 40.0});
  CHECK(metric_window(r, "mean PF contact force") == std::pair<double, double>{0.0, 100.0});
  CHECK(metric_window(r, "peak PF contact force") == std::pair<double, double>{15.0, 15.0});
  // a second run whose own peak moves one frame later is read at the first's peak instant
  GaitResult moved = r;
  moved.frames[16].contact.force = Vec3(0, 2000.0, 0);
  CHECK(peak_pf_percent(moved) == Approx(16.0));
  const Comparison c2 = compare_results({"a", "moved"}, {&r, &moved});
  for (const ComparedMetric& m : c2.metrics)
    if (m.name == "lateral shift at peak PF") CHECK(m.value[1] == Approx(1.5));
  CHECK(question_metrics(moved)[0].value[0] == Approx(1.6));
  CHECK(metric_window(moved, "lateral shift at peak PF", 15.0) == std::pair<double, double>{15.0, 15.0});
  // every metric listed once, in table order
  const auto names = comparison_metrics();
  REQUIRE(names.size() == c.metrics.size());
  for (std::size_t m = 0; m < names.size(); ++m) CHECK(names[m].first == c.metrics[m].name);
  // positions and angles change in mm and degrees, never in percent
  CHECK_FALSE(change_in_percent("mm"));
  CHECK_FALSE(change_in_percent("deg"));
  CHECK(change_in_percent("BW"));
  const std::string table = format_comparison(c);
  const auto line = table.find("lateral shift at peak PF");
  CHECK(table.substr(line, table.find('\n', line) - line).find('%') == std::string::npos);
}
