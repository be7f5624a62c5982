#pragma once
// A command's result files are written into a staging folder beside their destination and moved
// into place together once all are complete: a failure while writing them leaves the earlier set
// of results whole (each file is also written atomically on its own).
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace patella::cli {

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
