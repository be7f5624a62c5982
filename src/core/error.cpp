#include "patella/core/error.hpp"

#include <cstdio>
#include <sstream>

namespace patella {
namespace detail {
void throw_unless_failed(const char* condition, const char* func, const char* file, int line) {
  std::ostringstream os;
  os << func << ": condition '" << condition << "' failed (" << file << ":" << line << ")";
  throw std::invalid_argument(os.str());
}
}  // namespace detail

std::string fmt(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}
}  // namespace patella
