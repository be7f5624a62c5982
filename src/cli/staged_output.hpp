#pragma once
// A command's result files reach the output folder all together or not at all.
//
// Design. The files are written into a staging folder inside the output folder (same file
// system, so every move is one atomic rename): <out>/.patella_<tag>_<pid>/new/. commit() then
//   1. writes <stage>/journal, the list of the files (written aside and renamed, so it is there
//      whole or not at all): from here the commit is "under way";
//   2. moves each existing <out>/<file> of that list into <stage>/old/;
//   3. moves each new file from <stage>/new/ into <out>/;
//   4. removes the journal: the commit point. The stage, with the old files, is then removed.
// A failed move, or an interrupt polled between moves, rolls back (new files out, old ones back)
// and throws. A process killed outright (SIGKILL, a second Ctrl-C) leaves its stage behind; the
// next run or compare into the folder (recover_stale_stages) rolls back a stage whose pid is dead
// and whose journal is still there, and removes every dead stage. POSIX cannot rename several
// files at once, so between a kill mid-commit and that next run the folder can hold a mix; the
// journal is what makes it repairable. Nothing is fsync'ed: this survives the process dying, not
// the machine losing power.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

#include "patella/core/error.hpp"

namespace patella::cli {

namespace staging {
namespace fs = std::filesystem;

inline bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

/// Undoes a commit under way, from any state of steps 2-3, and is safe to repeat: the new files
/// back into the stage, the old ones back into place. @returns false if a file could not move.
inline bool roll_back(const fs::path& stage, const fs::path& out) {
  std::ifstream journal(stage / "journal");
  bool ok = true;
  std::error_code ec;
  for (std::string name; std::getline(journal, name);) {
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') continue;
    if (!present(stage / "new" / name) && present(out / name)) {  // moved in already: new
      fs::rename(out / name, stage / "new" / name, ec);
      ok = ok && !ec;
    }
    if (present(stage / "old" / name)) {
      fs::rename(stage / "old" / name, out / name, ec);
      ok = ok && !ec;
    }
  }
  return ok;
}
}  // namespace staging

/// Cleans up after runs into `dir` that were killed: every .patella_*_<pid> entry whose process
/// is gone is removed, a stage whose commit was under way rolled back first. @returns a note per
/// roll-back. @throws IoError if the earlier files could not be put back.
inline std::vector<std::string> recover_stale_stages(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> stale;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const std::string pid = name.substr(name.rfind('_') + 1);
    if (name.rfind(".patella_", 0) != 0 || pid.empty() || pid.size() > 9 ||
        pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t p = static_cast<pid_t>(std::stol(pid));
    // our own pid can only be a dead namesake's: this process stages after this call
    if (p != ::getpid() && (::kill(p, 0) == 0 || errno == EPERM)) continue;  // a live run's
    stale.push_back(e.path());
  }
  std::vector<std::string> notes;
  for (const fs::path& s : stale) {
    if (staging::present(s / "journal")) {
      if (!staging::roll_back(s, dir))
        throw IoError(s.string() + ": cannot put back the earlier results of an interrupted "
                      "commit; its old/ folder holds them");
      notes.push_back("restored the earlier results in " + dir + " (a process killed while "
                      "moving its files into place left " + s.filename().string() + ")");
    }
    fs::remove_all(s, ec);
  }
  return notes;
}

/// Creates the output folder if missing and checks that a file can be written in it, so a
/// command fails before its work, not after. @throws IoError naming the folder and why.
inline void require_writable_folder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw IoError(dir + ": cannot create the output folder" + (ec ? " (" + ec.message() + ")" : ""));
  const std::filesystem::path probe =
      std::filesystem::path(dir) / (".patella_write_test_" + std::to_string(::getpid()));
  std::ofstream out(probe);
  const bool ok = static_cast<bool>(out << "ok");
  const std::string why = ok ? "" : std::strerror(errno);
  out.close();
  std::filesystem::remove(probe, ec);
  if (!ok) throw IoError(dir + ": the output folder is not writable (" + why + ")");
}

/// A file stem from the command line must name files in the output folder, not above or beside
/// it, nor hidden among the staging folders. @throws IoError naming the flag and value.
inline void require_plain_name(const std::string& flag, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
    throw IoError(flag + " '" + name + "': an output name may not be empty, hold '/' or start "
                  "with '.' (the files must land in the output folder)");
}

class StagedOutput {
 public:
  StagedOutput(const std::string& out_dir, const std::string& tag)
      : out_(out_dir), stage_(out_ / (".patella_" + tag + "_" + std::to_string(::getpid()))) {
    std::error_code ec;
    std::filesystem::remove_all(stage_, ec);
    std::filesystem::create_directories(stage_ / "new", ec);
    std::filesystem::create_directories(stage_ / "old", ec);
    if (ec) throw IoError(stage_.string() + ": cannot create the staging folder (" + ec.message() + ")");
  }
  ~StagedOutput() {
    std::error_code ec;
    if (!keep_) std::filesystem::remove_all(stage_, ec);
  }
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  /// Where to write the file `name` now.
  std::string staged(const std::string& name) const { return (stage_ / "new" / name).string(); }
  /// Where it will be once committed.
  std::string final(const std::string& name) const { return (out_ / name).string(); }

  /// Runs `fill` (which writes the staged files); an IoError it throws is rethrown naming the
  /// files where the user expects them, not in the staging folder.
  void write(const std::function<void()>& fill) const {
    try {
      fill();
    } catch (const IoError& e) {
      std::string what = e.what();
      const std::string from = (stage_ / "new").string(), to = out_.string();
      for (auto at = what.find(from); at != std::string::npos; at = what.find(from, at + to.size()))
        what.replace(at, from.size(), to);
      throw IoError(what + "; the earlier results in " + to + " are unchanged");
    }
  }

  /// Moves every staged file into the output folder, all or none (see the top of this file).
  /// `check` runs before each move; if it throws (an interrupt) or a move fails, the commit is
  /// rolled back and the exception goes on (for a failed move an IoError naming the file).
  void commit(const std::function<void()>& check = nullptr) {
    namespace fs = std::filesystem;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(stage_ / "new")) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    write_journal(names);
    try {
      for (const std::string& n : names) {
        if (check) check();
        if (staging::present(out_ / n)) move(out_ / n, stage_ / "old" / n, out_ / n, "the earlier file");
      }
      for (const std::string& n : names) {
        if (check) check();
        move(stage_ / "new" / n, out_ / n, out_ / n, "the new file");
      }
    } catch (...) {
      if (staging::roll_back(stage_, out_)) throw;
      keep_ = true;  // with its journal: the next run into the folder finishes the roll-back
      throw IoError(out_.string() + ": a commit failed and the earlier results could not all be "
                    "put back yet; the next run into this folder does it (" + stage_.string() + ")");
    }
    std::error_code ec;
    fs::remove(stage_ / "journal", ec);  // the commit point
  }

 private:
  void write_journal(const std::vector<std::string>& names) const {
    const std::filesystem::path tmp = stage_ / "journal.tmp";
    std::ofstream j(tmp);
    for (const std::string& n : names) j << n << '\n';
    j.flush();
    const std::string why = j ? "" : std::strerror(errno);
    j.close();
    std::error_code ec;
    if (why.empty()) std::filesystem::rename(tmp, stage_ / "journal", ec);
    if (!why.empty() || ec)
      throw IoError(tmp.string() + ": cannot write the commit journal (" + (ec ? ec.message() : why) +
                    "); the earlier results in " + out_.string() + " are unchanged");
  }
  static void move(const std::filesystem::path& from, const std::filesystem::path& to,
                   const std::filesystem::path& file, const char* what) {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec)
      throw IoError(file.string() + ": cannot move " + what + (to == file ? " into place (" : " aside (") +
                    ec.message() + "); the commit was undone, the earlier results stand");
  }

  std::filesystem::path out_, stage_;
  bool keep_ = false;
};

}  // namespace patella::cli
