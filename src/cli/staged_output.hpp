#pragma once
// A command's result files are written into a staging folder beside their destination and moved
// into place together once all are complete: a failure while writing them leaves the earlier set
// of results whole (each file is also written atomically on its own).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "patella/core/error.hpp"

namespace patella::cli {

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

class StagedOutput {
 public:
  StagedOutput(const std::string& out_dir, const std::string& tag)
      : out_(out_dir), stage_(out_ / (".patella_" + tag + "_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(stage_);
  }
  ~StagedOutput() {
    std::error_code ec;
    std::filesystem::remove_all(stage_, ec);
  }
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  /// Where to write the file `name` now.
  std::string staged(const std::string& name) const { return (stage_ / name).string(); }
  /// Where it will be once committed.
  std::string final(const std::string& name) const { return (out_ / name).string(); }
  /// Moves every staged file into the output folder.
  void commit() const {
    for (const auto& e : std::filesystem::directory_iterator(stage_))
      std::filesystem::rename(e.path(), out_ / e.path().filename());
  }

 private:
  std::filesystem::path out_, stage_;
};

}  // namespace patella::cli
