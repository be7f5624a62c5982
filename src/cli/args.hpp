#pragma once
/// Tiny strict flag parser for the CLI: every flag is known, every value is checked, and a bad
/// one is a UsageError naming flag and value (exit code 2).
#include <map>
#include <string>
#include <vector>

namespace patella::cli {

struct Args {
  std::map<std::string, std::vector<std::string>> values;  ///< flag -> values (repeatable)
  bool has(const std::string& flag) const { return values.count(flag) > 0; }
  std::string str(const std::string& flag, const std::string& fallback) const;
  double number(const std::string& flag, double fallback, double min, double max) const;
};

/// Parses argv[first..]; `flags` maps each accepted flag to whether it takes a value. A key ""
/// accepts positional arguments (collected under "").
Args parse_args(int argc, char** argv, int first, const std::map<std::string, bool>& flags);

/// Parses a number, or throws UsageError naming the flag.
double parse_number(const std::string& flag, const std::string& text);

/// FROM:TO:STEP in degrees -> angles in degrees (inclusive of TO within rounding).
std::vector<double> parse_range_deg(const std::string& flag, const std::string& text,
                                    double min, double max);

/// --explain PCT|peak: the percent of the cycle (0 to 100), -1 for "peak" (the peak PF force
/// frame), -2 when the flag is absent. @throws UsageError for any other value.
double explain_option(const Args& a);

/// The default model folder: ./models/lenhart2015 if present, else the source tree's.
std::string default_model_dir();

/// The shipped scenarios: ./scenarios if present, else the source tree's.
std::string default_scenarios_dir();

}  // namespace patella::cli
