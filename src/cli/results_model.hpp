#pragma once
// The model a results file was computed with, for the commands that draw results (render, view).
#include <memory>
#include <string>
#include <vector>

#include "patella/io/results_reader.hpp"
#include "patella/model/model.hpp"

namespace patella::cli {

/// `model_flag` if given, else the folder the runs name (they must all name the same one), else
/// the default model. @throws IoError naming the results file and the folder.
std::unique_ptr<Model> model_of_results(const std::string& file, const std::vector<RecordedRun>& runs,
                                        const std::string& model_flag);

}  // namespace patella::cli
