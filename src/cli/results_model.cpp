#include "results_model.hpp"

#include <filesystem>

#include "args.hpp"
#include "patella/core/error.hpp"
#include "patella/io/load_model.hpp"
#include "patella/compiler/compile.hpp"

namespace patella::cli {

std::string results_file_argument(const Args& a, const std::string& command) {
  if (!a.has("") || a.values.at("").size() != 1)
    throw UsageError("give exactly one results file (patella " + command + " RESULTS.h5)");
  return a.values.at("")[0];
}

std::vector<RecordedRun> results_runs(const Args& a, const std::string& file) {
  std::vector<std::string> only;
  if (a.has("--scenario")) only = a.values.at("--scenario");
  return read_recorded_runs(file, only);
}

std::unique_ptr<Model> model_of_results(const std::string& file, const std::vector<RecordedRun>& runs,
                                        const std::string& model_flag) {
  std::string dir = model_flag;
  if (dir.empty()) {
    for (const RecordedRun& r : runs)
      if (r.model_dir != runs.front().model_dir)
        throw IoError(file + ": scenarios '" + runs.front().name + "' and '" + r.name +
                      "' were computed with different models (" + runs.front().model_dir + ", " +
                      r.model_dir + "); draw them separately with --scenario");
    dir = runs.front().model_dir;
  }
  if (dir.empty()) dir = default_model_dir();
  if (!std::filesystem::is_directory(dir))
    throw IoError(file + ": its model folder '" + dir + "' is not here; give --model DIR");
  return compile(load_model_spec(dir));
}

}  // namespace patella::cli
