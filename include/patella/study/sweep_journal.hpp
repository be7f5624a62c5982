#pragma once
/// The journal of a sweep's finished samples, so an interrupted sweep resumes without
/// recomputing them: a folder `<out>/<name>.journal/` holding `fingerprint` (what the samples
/// were computed from) and one `part-*.txt` per writer (a process, or an MPI rank), each line
/// one sample written whole and flushed. A line cut short by a kill is not a sample.
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "patella/study/sweep_run.hpp"

namespace patella {

/// A digest of everything a sample's numbers depend on: `salt` (the program's version), the
/// sweep and scenario files as resolved, the runs, metrics and every sample's values.
std::string sweep_fingerprint(const SweepPlan& plan, const std::string& salt);

/// One sample as a journal line (numbers to 17 digits: they read back to the same doubles),
/// and back. parse_journal_line returns false for a line that is not whole.
std::string journal_line(std::size_t sample, const SampleOutcome& outcome);
bool parse_journal_line(const std::string& line, std::size_t& sample, SampleOutcome& outcome);

/// The samples a journal folder holds (none when it does not exist). A sample found twice keeps
/// its first record. @throws IoError when the folder's fingerprint is not `fingerprint` (another
/// sweep's, or an older program's), naming the folder and what to do.
std::map<std::size_t, SampleOutcome> read_journal(const std::string& folder, const std::string& fingerprint,
                                                  std::size_t samples, std::size_t metrics,
                                                  std::size_t curves);

/// Appends samples to a new part file of the folder (created, with its fingerprint, if need
/// be). Thread-safe.
class JournalWriter {
 public:
  /// `writer`: what names the part file (a rank); the process id is added.
  JournalWriter(const std::string& folder, const std::string& fingerprint, const std::string& writer);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  /// @throws IoError when the line cannot be written.
  void append(std::size_t sample, const SampleOutcome& outcome);

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::mutex lock_;
};

}  // namespace patella
