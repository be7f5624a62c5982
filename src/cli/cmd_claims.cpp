// patella claims: test the self-treatment guides' claims against the model; writes docs/claims.md.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "args.hpp"
#include "commands.hpp"
#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/gait/actuation.hpp"
#include "patella/gait/compare.hpp"
#include "patella/io/scenario.hpp"
#include "patella/session/run_all.hpp"
#include "patella/io/table.hpp"

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
const char* kHelp =
    "patella claims: run the claims in scenarios/claims.yaml and write docs/claims.md\n"
    "\n"
    "  --claims FILE  (default scenarios/claims.yaml)\n"
    "  --out FILE.md  (default docs/claims.md)\n"
    "  --threads N    simulations at once (default: the number of cores)\n";

struct Claim {
  std::string text, scenario, baseline, metric, expected, literature;
};

// smallest change that matters, per metric: a quarter of the healthy between-subject SD in the
// studies of VALIDATION.md (lateral shift 2.3 mm and tilt 3.4 deg, von Eisenhart-Rothe 2004;
// PF force 1.5 of 4.5 BW, Roos 2012); other metrics take the force's relative 8 %
struct Threshold {
  double value;
  bool relative;
};
Threshold threshold_for(const std::string& metric) {
  if (metric.find("lateral shift") != std::string::npos) return {0.575, false};  // mm
  if (metric.find("lateral tilt") != std::string::npos) return {0.85, false};    // deg
  return {0.083, true};
}
}  // namespace

int cmd_claims(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--claims", true}, {"--out", true},
                                            {"--threads", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  const std::string claims_file = a.str("--claims", default_scenarios_dir() + "/claims.yaml");
  const std::string out = a.str("--out", "docs/claims.md");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = static_cast<int>(a.number("--threads", cores, 1, 64));
  require_input_file(claims_file, "the claims file");
  YAML::Node root;
  try {
    root = YAML::LoadFile(claims_file);
  } catch (const YAML::Exception& e) {
    throw IoError(claims_file + ": cannot read (" + e.msg + ")");
  }
  std::vector<Claim> claims;
  try {  // a wrong shape (a list where text belongs) is yaml-cpp's bare "bad conversion"
    for (const YAML::Node& n : root["claims"]) {
      Claim c;
      for (auto [key, field] : {std::pair<const char*, std::string*>{"claim", &c.text},
                                {"scenario", &c.scenario}, {"baseline", &c.baseline},
                                {"metric", &c.metric}, {"expected", &c.expected},
                                {"literature", &c.literature}}) {
        if (!n[key])
          throw ModelError(claims_file + ":" + std::to_string(n.Mark().line + 1) + ": a claim needs '" + key + "'");
        *field = n[key].as<std::string>();
      }
      if (c.expected != "increase" && c.expected != "decrease")
        throw ModelError(claims_file + ":" + std::to_string(n["expected"].Mark().line + 1) +
                         ": 'expected' must be increase or decrease");
      claims.push_back(c);
    }
  } catch (const YAML::Exception& e) {
    throw ModelError(claims_file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg +
                     " (each claim's keys take one text value)");
  }
  // every scenario once
  const fs::path dir = fs::path(claims_file).parent_path();
  std::vector<std::string> files;
  for (const Claim& c : claims)
    for (const std::string& f : {c.baseline, c.scenario})
      if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  std::vector<std::unique_ptr<GaitSetup>> setups;
  std::vector<Scenario> scenarios;
  for (const std::string& f : files) {
    scenarios.push_back(read_scenario((dir / f).string()));
    setups.push_back(load_gait_setup(scenarios.back()));
  }
  const std::vector<GaitResult> results =
      simulate_all(setups, files, threads, [](const std::string& label, std::size_t done, std::size_t total) {
        std::fprintf(stderr, "  simulated %s (%zu/%zu)\n", label.c_str(), done, total);
      });
  std::vector<const GaitResult*> ptrs;
  for (const GaitResult& r : results) ptrs.push_back(&r);
  std::vector<std::string> names;
  for (const std::string& f : files) names.push_back(f);
  const Comparison cmp = compare_results(names, ptrs);
  auto value = [&](const std::string& file, const std::string& metric, std::string& unit) {
    const std::size_t s = std::find(files.begin(), files.end(), file) - files.begin();
    for (const ComparedMetric& m : cmp.metrics)
      if (m.name == metric) {
        unit = m.unit;
        return m.value[s];
      }
    throw ModelError(claims_file + ": unknown metric '" + metric + "'");
  };

  std::ostringstream md;
  md << "# Runner's-knee self-treatment claims, tested in the model\n\n"
     << "Regenerate with `build/bin/patella claims` (reads `scenarios/claims.yaml`, runs every "
        "scenario it names, writes this file). Values are the last simulated cycle of the default "
        "running cycle. A change matters when it exceeds a quarter of the healthy between-subject "
        "SD in the studies of VALIDATION.md: 0.575 mm of lateral shift and 0.85 deg of lateral tilt "
        "(von Eisenhart-Rothe 2004), 8.3 % of a force or pressure (Roos 2012: 1.5 of 4.5 BW).\n\n"
     << "Verdicts are the model's, about its own prediction: **supported** (the claimed direction, "
        "by more than the threshold), **contradicted** (the opposite direction, by more than the "
        "threshold), **too small to matter** (below the threshold). The taut bands, weaknesses and "
        "kinematic changes are hypotheses (see each scenario's description); releases are "
        "literature-bounded.\n\n"
     << "A verdict is **flagged** when the change may not be the muscles' (`patella compare` "
        "prints the same flags): a joint's reserve (an ideal torque that loads no joint) changes "
        "by more than 5 % of the baseline's peak moment at that joint, a run's own reserve "
        "exceeds 5 % of a joint's peak moment, or a muscle saturates (static-optimisation "
        "activation above 0.95) in other frames than in the baseline. A flagged verdict is not a finding until the "
        "flag is explained.\n\n"
     << "| claim | scenario (vs baseline) | metric | baseline | predicted | change | literature | verdict | flags |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
  char buf[64];
  int supported = 0, contradicted = 0, small = 0, flagged = 0;
  for (const Claim& c : claims) {
    std::string unit;
    const double b = value(c.baseline, c.metric, unit), v = value(c.scenario, c.metric, unit);
    const double d = v - b;
    const Threshold th = threshold_for(c.metric);
    const double size = th.relative ? std::abs(d) / std::abs(b) : std::abs(d);
    std::string verdict;
    if (size < th.value) {
      verdict = "too small to matter";
      ++small;
    } else if ((d > 0) == (c.expected == "increase")) {
      verdict = "supported";
      ++supported;
    } else {
      verdict = "contradicted";
      ++contradicted;
    }
    std::snprintf(buf, sizeof buf, "%+.3g (%+.1f %%)", d, b != 0 ? 100 * d / std::abs(b) : 0.0);
    const std::size_t si = std::find(files.begin(), files.end(), c.scenario) - files.begin();
    const std::size_t bi = std::find(files.begin(), files.end(), c.baseline) - files.begin();
    std::string flag_text;
    for (const std::string& f : actuation_flags(results[bi], results[si]))
      flag_text += (flag_text.empty() ? "" : "; ") + f;
    if (flag_text.empty()) flag_text = "none";
    else ++flagged;
    md << "| " << c.text << " | `" << c.scenario << "` (vs `" << c.baseline << "`) | " << c.metric
       << " (" << unit << ") | " << fmt(std::round(b * 1000) / 1000) << " | "
       << fmt(std::round(v * 1000) / 1000) << " | " << buf << " | " << c.literature << " | "
       << verdict << " | " << flag_text << " |\n";
  }
  md << "\n" << supported << " supported, " << contradicted << " contradicted, " << small
     << " too small to matter, of " << claims.size() << " claims; " << flagged
     << " flagged.\n";
  fs::create_directories(fs::path(out).parent_path().empty() ? "." : fs::path(out).parent_path());
  write_file_atomic(out, md.str());
  std::cerr << "patella claims: wrote " << out << "\n";
  std::printf("%s", md.str().c_str());
  return 0;
}

}  // namespace patella::cli
