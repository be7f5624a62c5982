#include "interrupt.hpp"

#include <atomic>
#include <signal.h>

namespace patella::cli {

namespace {
// C++17 [support.signal]: a handler may use lock-free atomics; a plain sig_atomic_t would be
// a data race with the simulation threads of `compare` that poll it.
std::atomic<int> caught{0};
static_assert(std::atomic<int>::is_always_lock_free);

void on_signal(int sig) { caught.store(sig, std::memory_order_relaxed); }
}  // namespace

void catch_interrupts() {
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // the second signal has its default effect: kill
  for (int sig : {SIGINT, SIGTERM}) {
    struct sigaction old = {};
    sigaction(sig, nullptr, &old);
    if (old.sa_handler != SIG_IGN) sigaction(sig, &sa, nullptr);  // ignored (nohup, `cmd &`): stays so
  }
}

int interrupt_signal() { return caught.load(std::memory_order_relaxed); }

void throw_if_interrupted(const std::string& state) {
  const int sig = interrupt_signal();
  if (sig) throw Interrupted(sig, std::string("interrupted (") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + "); " + state);
}

}  // namespace patella::cli
