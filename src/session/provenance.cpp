#include "patella/session/provenance.hpp"

#include <ctime>
#include <filesystem>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/sha256.hpp"

namespace fs = std::filesystem;

namespace patella {

namespace {

// what every result file says about its making: software, commit, UTC date, command line
std::vector<std::pair<std::string, std::string>> made_by(const std::string& command,
                                                         const std::string& git_commit) {
  std::vector<std::pair<std::string, std::string>> p;
  p.emplace_back("software", "patella 0.1.0");
  p.emplace_back("git_commit", git_commit);
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  p.emplace_back("date_utc", date);
  p.emplace_back("command", command);
  return p;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> provenance(const Scenario& s,
                                                            const std::string& command,
                                                            const std::string& git_commit,
                                                            const std::string& resolved_yaml) {
  std::vector<std::pair<std::string, std::string>> p = made_by(command, git_commit);
  std::string files;
  for (const std::string& f : s.chain) files += (files.empty() ? "" : ", ") + f;
  p.emplace_back("scenario_files", files);
  p.emplace_back("scenario_resolved_yaml", resolved_yaml);
  p.emplace_back("model_dir", fs::absolute(s.model_dir).lexically_normal().string());
  p.emplace_back("evidence", s.evidence);
  std::string iv;
  for (const auto& x : s.interventions)
    iv += x.tool + " on " + x.muscle + ": release " + fmt(100 * x.release) + " % (" + x.basis +
          ")" + (x.pressure > 0 ? ", pressure " + fmt(1e-3 * x.pressure) + " kPa (recorded only)" : "") +
          "\n";
  if (!iv.empty()) p.emplace_back("interventions", iv);
  // model and input files, hashed
  std::vector<std::string> inputs;
  for (const char* f : {"patella.yaml", "model/lenhart2015.osim", "tf_coupling.csv"}) {
    const std::string path = (fs::path(s.model_dir) / f).string();
    if (path_exists(path)) inputs.push_back(path);
  }
  for (const std::string& f : {s.cycle_csv, s.trial.coordinates_file, s.trial.grf_file})
    if (!f.empty()) inputs.push_back(f);
  std::string hashes;
  for (const std::string& f : inputs) hashes += f + "  sha256:" + sha256_file(f) + "\n";
  p.emplace_back("input_file_sha256", hashes);
  return p;
}

std::vector<std::pair<std::string, std::string>> knee_provenance(const std::string& model_dir,
                                                                 const std::string& command,
                                                                 const std::string& git_commit) {
  std::vector<std::pair<std::string, std::string>> p = made_by(command, git_commit);
  p.emplace_back("model_dir", fs::absolute(model_dir).lexically_normal().string());
  std::string hashes;
  for (const char* f : {"patella.yaml", "model/lenhart2015.osim", "tf_coupling.csv"}) {
    const std::string path = (fs::path(model_dir) / f).string();
    if (path_exists(path)) hashes += path + "  sha256:" + sha256_file(path) + "\n";
  }
  p.emplace_back("input_file_sha256", hashes);
  return p;
}

}  // namespace patella
