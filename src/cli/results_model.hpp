#pragma once
// What the commands that draw results (render, view) start from: the one results file, its
// runs, and the model they were computed with.
#include <memory>
#include <string>
#include <vector>

#include "patella/io/results_reader.hpp"
#include "patella/model/model.hpp"
#include "args.hpp"

namespace patella::cli {

/// The one positional RESULTS.h5 of `command`. @throws UsageError when there is none or several.
std::string results_file_argument(const Args& a, const std::string& command);

/// The runs in the file, those named by --scenario (all without it). @throws IoError naming the
/// file and an unknown scenario with the names it has.
std::vector<RecordedRun> results_runs(const Args& a, const std::string& file);

/// `model_flag` if given, else the folder the runs name (they must all name the same one), else
/// the default model. @throws IoError naming the results file and the folder.
std::unique_ptr<Model> model_of_results(const std::string& file, const std::vector<RecordedRun>& runs,
                                        const std::string& model_flag);

}  // namespace patella::cli
