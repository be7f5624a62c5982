#pragma once
/// The Lenhart 2015 knee, loaded and compiled once per test binary (about 1 s).
#include <string>

#include "patella/io/load_model.hpp"
#include "patella/model/model.hpp"
#include "patella/compiler/compile.hpp"

namespace patella::test {

inline const Model& real_model() {
  static const std::unique_ptr<Model> model =
      compile(load_model_spec(std::string(PATELLA_MODELS_DIR) + "/lenhart2015"));
  return *model;
}

/// The same knee with the .osim's quadriceps unsplit (no oblique or long heads).
inline const Model& real_model_unsplit() {
  static const std::unique_ptr<Model> model =
      compile(load_model_spec(std::string(PATELLA_MODELS_DIR) + "/lenhart2015", {false}));
  return *model;
}

/// A copy of the real model's spec, for tests that edit it before compile().
inline ModelSpec real_spec() { return real_model().spec; }

}  // namespace patella::test
