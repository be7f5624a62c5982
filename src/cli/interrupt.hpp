#pragma once
/// SIGINT and SIGTERM during `run` and `compare`: the handler only records the signal (a
/// lock-free atomic store, which is async-signal-safe); the command polls it between frames,
/// between files and between the renames of its commit, and throws Interrupted there, so the
/// staging folder is removed (or the commit rolled back) by ordinary stack unwinding. The handler
/// is installed with SA_RESETHAND: a second Ctrl-C kills at once, and the next run into the
/// folder cleans up what that leaves (staged_output.hpp).
#include <stdexcept>
#include <string>

namespace patella::cli {

/// Not a patella::Error: the input was fine. main prints it and exits 128 + signal.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal, const std::string& what) : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// Installs the flag-setting handler for SIGINT and SIGTERM (other commands keep the default).
void catch_interrupts();

/// 0, or the first SIGINT/SIGTERM caught since catch_interrupts().
int interrupt_signal();

/// @throws Interrupted ("interrupted (SIGINT); " + state) if a signal was caught.
void throw_if_interrupted(const std::string& state);

}  // namespace patella::cli
