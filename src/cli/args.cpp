#include "args.hpp"

#include <cmath>
#include <filesystem>

#include "patella/core/error.hpp"

namespace patella::cli {

double parse_number(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v))
    throw UsageError(flag + ": '" + text + "' is not a number");
  return v;
}

std::string Args::str(const std::string& flag, const std::string& fallback) const {
  auto it = values.find(flag);
  return it == values.end() ? fallback : it->second.back();
}

double Args::number(const std::string& flag, double fallback, double min, double max) const {
  if (!has(flag)) return fallback;
  const double v = parse_number(flag, str(flag, ""));
  if (v < min || v > max)
    throw UsageError(flag + ": " + fmt(v) + " is out of range [" + fmt(min) + ", " + fmt(max) + "]");
  return v;
}

Args parse_args(int argc, char** argv, int first, const std::map<std::string, bool>& flags) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string flag = argv[i];
    std::string value;
    bool inline_value = false;
    const auto eq = flag.find('=');
    if (flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      inline_value = true;
    }
    if (flag.rfind("--", 0) != 0 && flags.count("")) {  // a positional argument
      a.values[""].push_back(flag);
      continue;
    }
    auto it = flags.find(flag);
    if (it == flags.end()) throw UsageError("unknown argument '" + flag + "' (see --help)");
    if (it->second && !inline_value) {
      if (i + 1 >= argc) throw UsageError(flag + ": needs a value");
      value = argv[++i];
    }
    a.values[flag].push_back(value);
  }
  return a;
}

std::vector<double> parse_range_deg(const std::string& flag, const std::string& text, double min,
                                    double max) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t k = 0; k <= text.size(); ++k)
    if (k == text.size() || text[k] == ':') {
      parts.push_back(text.substr(start, k - start));
      start = k + 1;
    }
  if (parts.size() != 3 && parts.size() != 1)
    throw UsageError(flag + ": '" + text + "' is not FROM:TO:STEP (degrees) or a single angle");
  const double from = parse_number(flag, parts[0]);
  const double to = parts.size() == 3 ? parse_number(flag, parts[1]) : from;
  const double step = parts.size() == 3 ? parse_number(flag, parts[2]) : 1.0;
  for (double v : {from, to})
    if (v < min || v > max)
      throw UsageError(flag + ": " + fmt(v) + " deg is out of range [" + fmt(min) + ", " +
                       fmt(max) + "]");
  if (!(step > 0)) throw UsageError(flag + ": step " + fmt(step) + " must be > 0");
  if (to < from) throw UsageError(flag + ": TO " + fmt(to) + " is below FROM " + fmt(from));
  std::vector<double> out;
  for (int k = 0;; ++k) {
    const double v = from + k * step;
    if (v > to + 1e-9) break;
    out.push_back(v);
    if (out.size() > 100000) throw UsageError(flag + ": more than 100000 angles");
  }
  return out;
}

std::string default_model_dir() {
  if (std::filesystem::exists("models/lenhart2015/patella.yaml")) return "models/lenhart2015";
  return std::string(PATELLA_SOURCE_MODELS_DIR) + "/lenhart2015";
}

std::string default_scenarios_dir() {
  if (std::filesystem::exists("scenarios/baseline_running.yaml")) return "scenarios";
  return std::string(PATELLA_SOURCE_MODELS_DIR) + "/../scenarios";
}

double explain_option(const Args& a) {
  if (!a.has("--explain")) return -2.0;
  const std::string v = a.str("--explain", "");
  char* end = nullptr;
  const double pct = std::strtod(v.c_str(), &end);
  if (v == "peak") return -1.0;
  if (!v.empty() && end && *end == '\0' && std::isfinite(pct) && pct >= 0.0 && pct <= 100.0) return pct;
  throw UsageError("--explain: '" + v + "' is neither a percent of the cycle (0 to 100) nor 'peak'");
}

}  // namespace patella::cli
