#pragma once
/// Three tiers of checks (after Drake's drake_assert.h):
/// - user-input errors throw a patella::Error subclass naming file, element, key and value;
/// - API misuse fails PATELLA_THROW_UNLESS (always on, std::invalid_argument);
/// - internal invariants use PATELLA_ASSERT (debug builds only).
/// Libraries never print and never exit.
#include <cassert>
#include <stdexcept>
#include <string>

namespace patella {

/// Base of every exception thrown for bad user input. The CLI catches this.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class ModelError : public Error { public: using Error::Error; };       ///< invalid model file/spec
class IoError : public Error { public: using Error::Error; };          ///< cannot read/write a file
class UsageError : public Error { public: using Error::Error; };       ///< bad CLI flag or value
class SimulationError : public Error { public: using Error::Error; };  ///< run failed (where, why)

namespace detail {
[[noreturn]] void throw_unless_failed(const char* condition, const char* func, const char* file,
                                      int line);
}  // namespace detail

/// Formats a double with enough digits to round-trip, for messages.
std::string fmt(double value);

}  // namespace patella

#define PATELLA_THROW_UNLESS(condition)                                                 \
  do {                                                                                  \
    if (!(condition))                                                                   \
      ::patella::detail::throw_unless_failed(#condition, __func__, __FILE__, __LINE__); \
  } while (false)

#define PATELLA_ASSERT(condition) assert(condition)
