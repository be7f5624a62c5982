#include "patella/study/sweep_journal.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/sha256.hpp"
#include "patella/io/scenario.hpp"

namespace fs = std::filesystem;

namespace patella {

namespace {

void number(std::string& out, double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, " %.17g", v);
  out += buf;
}

std::string file_text(const std::string& path) {
  FileBytes b;
  return try_read_file(path, b) ? std::string(b.view()) : std::string();
}

}  // namespace

std::string sweep_fingerprint(const SweepPlan& plan, const std::string& salt) {
  std::string s = "patella sweep journal 2\n" + salt + "\n" + file_text(plan.spec.file) + "\n";
  if (!plan.spec.claims.empty()) s += file_text(plan.spec.claims) + "\n";
  std::vector<std::string> hashed;  // every input file's contents, once
  for (const SweepRun& r : plan.runs) {
    s += r.label + "\n" + r.file + "\n" + resolved_scenario_yaml(r.scenario);
    std::vector<std::string> inputs = r.scenario.chain;
    for (const char* f : {"patella.yaml", "model/lenhart2015.osim", "tf_coupling.csv"})
      inputs.push_back((fs::path(r.scenario.model_dir) / f).string());
    for (const std::string& f : {r.scenario.cycle_csv, r.scenario.trial.coordinates_file, r.scenario.trial.grf_file,
                                 r.scenario.strength_file, r.scenario.subject_file})
      inputs.push_back(f);
    for (const std::string& f : inputs)
      if (!f.empty() && path_exists(f) && std::find(hashed.begin(), hashed.end(), f) == hashed.end()) {
        hashed.push_back(f);
        s += f + " " + sha256_file(f) + "\n";
      }
  }
  for (const SweepOutput& o : plan.outputs) s += o.group + "/" + o.name + "\n";
  for (double v : plan.samples.value) number(s, v);
  return sha256_hex(s);
}

std::string journal_line(std::size_t sample, const SampleOutcome& o) {
  std::string line = std::to_string(sample);
  if (!o.ok) {
    std::string e = o.error;
    for (char& c : e)
      if (c == '\n' || c == '\r') c = ' ';
    // its length first: a line cut short inside the message is not taken for a whole one
    return line + " failed " + std::to_string(e.size()) + " " + e + "\n";
  }
  line += " ok " + std::to_string(o.unconverged) + " " + std::to_string(o.metrics.size());
  for (double v : o.metrics) number(line, v);
  line += " " + std::to_string(o.curves.size());
  for (double v : o.curves) number(line, v);
  return line + " end\n";
}

bool parse_journal_line(const std::string& line, std::size_t& sample, SampleOutcome& o) {
  o = SampleOutcome{};
  const char* p = line.c_str();
  char* end = nullptr;
  if (!std::isdigit(static_cast<unsigned char>(*p))) return false;
  sample = std::strtoull(p, &end, 10);
  p = end;
  if (std::strncmp(p, " failed ", 8) == 0) {
    p += 8;
    const unsigned long long n = std::strtoull(p, &end, 10);
    if (end == p || *end != ' ' || std::strlen(end + 1) != n || n == 0) return false;
    o.error = end + 1;
    return true;
  }
  if (std::strncmp(p, " ok ", 4) != 0) return false;
  p += 4;
  const long unconverged = std::strtol(p, &end, 10);
  if (end == p || unconverged < 0) return false;
  o.unconverged = static_cast<int>(unconverged);
  p = end;
  for (std::vector<double>* v : {&o.metrics, &o.curves}) {
    const unsigned long long n = std::strtoull(p, &end, 10);
    if (end == p) return false;
    p = end;
    for (unsigned long long i = 0; i < n; ++i) {
      const double x = std::strtod(p, &end);
      if (end == p) return false;
      v->push_back(x);
      p = end;
    }
  }
  if (std::strcmp(p, " end") != 0) return false;
  o.ok = true;
  return true;
}

std::map<std::size_t, SampleOutcome> read_journal(const std::string& folder, const std::string& fingerprint,
                                                  std::size_t samples, std::size_t metrics, std::size_t curves) {
  std::map<std::size_t, SampleOutcome> out;
  if (!path_exists(folder)) return out;
  const std::string fp = file_text(folder + "/fingerprint");
  if (fp != fingerprint + "\n")
    throw IoError(folder + ": a journal of another sweep (or of another version of patella or its "
                  "files): its samples cannot be reused. Remove the folder to start afresh, or "
                  "write the sweep elsewhere (--out)");
  std::vector<std::string> parts;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.path().filename().string().rfind("part-", 0) == 0) parts.push_back(e.path().string());
  if (ec) throw IoError(folder + ": cannot list the journal (" + ec.message() + ")");
  std::sort(parts.begin(), parts.end());  // the first record of a sample wins, whatever the listing order
  for (const std::string& part : parts) {
    std::istringstream in(file_text(part));
    std::string line;
    while (std::getline(in, line)) {
      if (in.eof()) break;  // no line end: cut short
      std::size_t i = 0;
      SampleOutcome o;
      if (!parse_journal_line(line, i, o) || i >= samples) continue;
      if (o.ok && (o.metrics.size() != metrics || o.curves.size() != curves)) continue;
      out.emplace(i, std::move(o));
    }
  }
  return out;
}

JournalWriter::JournalWriter(const std::string& folder, const std::string& fingerprint, const std::string& writer) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw IoError(folder + ": cannot create the journal folder (" + ec.message() + ")");
  const std::string fp = folder + "/fingerprint";
  if (!path_exists(fp)) {
    // written under a temporary name and renamed: a reader sees the whole fingerprint or none
    const std::string tmp = fp + ".tmp" + std::to_string(::getpid()) + writer;
    {
      std::ofstream f(tmp);
      f << fingerprint << "\n";
      if (!f.flush()) throw IoError(tmp + ": cannot write the journal's fingerprint");
    }
    fs::rename(tmp, fp, ec);
    if (ec) throw IoError(fp + ": cannot write the journal's fingerprint (" + ec.message() + ")");
  } else if (file_text(fp) != fingerprint + "\n") {
    throw IoError(folder + ": a journal of another sweep; remove the folder to start afresh");
  }
  char host[256] = "host";
  ::gethostname(host, sizeof host - 1);
  // a new file every time, never one a killed process left with a torn last line: host, process
  // and a random nonce in its name, created exclusively
  std::random_device random;
  for (int attempt = 0; attempt < 8 && !file_; ++attempt) {
    char nonce[20];
    std::snprintf(nonce, sizeof nonce, "%08x", static_cast<unsigned>(random()));
    path_ = folder + "/part-" + host + "-" + std::to_string(::getpid()) + "-" + writer + "-" + nonce + ".txt";
    file_ = std::fopen(path_.c_str(), "wx");
    if (!file_ && errno != EEXIST) break;
  }
  if (!file_) throw IoError(path_ + ": cannot create the journal (" + std::strerror(errno) + ")");
}

JournalWriter::~JournalWriter() {
  if (file_) std::fclose(file_);
}

void JournalWriter::append(std::size_t sample, const SampleOutcome& outcome) {
  const std::string line = journal_line(sample, outcome);
  std::lock_guard<std::mutex> guard(lock_);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    throw IoError(path_ + ": cannot write the journal (" + std::strerror(errno) + ")");
}

}  // namespace patella
