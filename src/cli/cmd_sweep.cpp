// patella sweep: a scenario over many samples of its uncertain parameters, in threads, with a
// journal to resume from; one HDF5 file of samples, metrics, indices and bands.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "args.hpp"
#include "commands.hpp"
#include "interrupt.hpp"
#include "mpi_world.hpp"
#include "sweep_pictures.hpp"
#include "viz_module.hpp"
#include "staged_output.hpp"
#include "patella/core/error.hpp"
#include "patella/core/sha256.hpp"
#include "patella/io/sweep_file.hpp"
#include "patella/study/sweep_analysis.hpp"
#include "patella/study/sweep_journal.hpp"

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
const char* kHelp =
    "patella sweep SWEEP.yaml: a scenario over many samples of its uncertain parameters\n"
    "\n"
    "The sweep file names a scenario (and optionally a baseline run with the same parameter\n"
    "values, so each sample also gives the scenario's change), the scenario keys it varies, each\n"
    "with a distribution in one of the key's units and its source, a design and the metrics to\n"
    "collect (scenarios/sweeps/README.md lists every key; `patella scenario-keys` the keys a\n"
    "parameter may vary, `patella compare` the metrics). Designs:\n"
    "  latin_hypercube  `samples` stratified samples (seeded)\n"
    "  sobol            Saltelli's scheme on the Sobol' sequence: `samples` N base points,\n"
    "                   N (k + 2) runs for k parameters; first-order and total indices with\n"
    "                   `bootstrap` (default 200) resamplings for 95 % intervals\n"
    "  morris           `trajectories` r one-at-a-time paths on `levels` (default 4) levels,\n"
    "                   r (k + 1) runs; the mean, mean |.| and spread of the elementary effects\n"
    "  grid             every combination of `levels` values per parameter\n"
    "\n"
    "Writes DIR/<name>.h5 (docs/hdf5-schema.md: parameters, each sample's metrics and tracking\n"
    "curves, their 5-95 % ranges and bands, the indices; no time or host, so the same sweep\n"
    "writes the same bytes however it is run) and prints each metric's median, 5-95 % range and\n"
    "the parameters that drive it most.\n"
    "\n"
    "  --out DIR      output folder (default results/)\n"
    "  --threads N    samples at once (default: the number of cores; under mpirun, per rank)\n"
    "  --max-samples N  compute at most N more samples, then stop with the journal kept (for\n"
    "                 a batch job's time limit: the next run goes on from there)\n"
    "  --png          also draw DIR/<name>_bands.png (a scenario's tracking charts with their\n"
    "                 5-95 % bands) and DIR/<name>_tornado.png (Sobol' or Morris indices)\n"
    "  --quiet        no progress and no table\n"
    "\n"
    "Under mpirun (Open MPI), `mpirun -n N patella sweep ...` deals the samples to the ranks in\n"
    "turn (rank r computes every N-th), each rank journals its own, and rank 0 gathers them and\n"
    "writes the file: the same bytes as one process with threads.\n"
    "\n"
    "Each finished sample is appended to the journal DIR/<name>.journal/ as it ends; a sweep\n"
    "stopped by Ctrl-C, SIGTERM or a crash resumes from it when the same command runs again (a\n"
    "journal of another sweep, or of another patella, is refused). The journal is removed once\n"
    "the HDF5 file is written. A sample that fails (a model or simulation error) is recorded\n"
    "with its error and parameters, and left out of the statistics.\n"
    "\n"
    "Exit codes: 0 ok; 1 bad sweep, scenario or model file, or a file that cannot be written;\n"
    "2 bad flag; 3 written, but some samples failed (listed); 4 stopped by --max-samples with\n"
    "samples left (journal kept); 130 interrupted by SIGINT, 143 by SIGTERM (journal kept).\n";

std::string duration_text(double s) {
  char buf[64];
  if (s < 90) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s < 5400) std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  else std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  return buf;
}
}  // namespace

namespace {

int sweep(const Args& a, const MpiWorld& world) {
  const std::string sweep_file = a.values.at("")[0];
  const std::string out_dir = a.str("--out", "results");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = static_cast<int>(a.number("--threads", cores, 1, 256));
  const double max_samples = a.number("--max-samples", 0, 1, 1e9);
  const bool root = world.rank == 0;
  const bool quiet = a.has("--quiet") || !root;
  const bool png = a.has("--png") && root;
#ifndef PATELLA_HAVE_VIZ
  if (png) throw UsageError("--png: this build has no VTK (PATELLA_BUILD_VIZ=OFF)");
#endif
  // said before the samples run, not after
  if (png && !viz_module().can_render())
    throw UsageError("--png: no display to draw on (run under xvfb-run, or set DISPLAY)");

  catch_interrupts();
  const SweepSpec spec = read_sweep(sweep_file);
  const SweepPlan plan = plan_sweep(spec);
  require_writable_folder(out_dir);
  check_sweep_setup(plan);
  const std::string version = std::string("patella ") + PATELLA_VERSION + " (git " + PATELLA_GIT_COMMIT + ")";
  // the program's own bytes too: a rebuild without a new commit must not reuse the journal
  const std::string fingerprint = sweep_fingerprint(plan, version + " " + sha256_file("/proc/self/exe"));
  const std::string journal = (fs::path(out_dir) / (spec.name + ".journal")).string();
  const std::string h5 = (fs::path(out_dir) / (spec.name + ".h5")).string();
  const std::size_t n = plan.samples.n;
  const std::size_t n_metrics = plan.outputs.size();
  const std::size_t n_curves = plan.curve_values();

  // rank 0 reads the journal and sends every rank what it holds, so all deal the same samples
  // (a rank's own view of a shared folder may lag, and its node-local one differ)
  std::string resumed_text;
  if (root)
    for (const auto& [i, o] : read_journal(journal, fingerprint, n, n_metrics, n_curves))
      resumed_text += journal_line(i, o);
  resumed_text = world.broadcast(resumed_text);
  std::vector<SampleOutcome> outcomes(n);
  std::vector<bool> have(n, false);
  std::size_t resumed = 0;
  {
    std::istringstream in(resumed_text);
    for (std::string line; std::getline(in, line);) {
      std::size_t i = 0;
      SampleOutcome o;
      if (!parse_journal_line(line, i, o) || i >= n) throw std::logic_error("sweep: a bad resumed sample");
      outcomes[i] = std::move(o);
      have[i] = true;
      ++resumed;
    }
  }
  // the samples to compute, the same list on every rank; rank r takes every size-th of them
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < n; ++i)
    if (!have[i]) todo.push_back(i);
  if (a.has("--max-samples") && todo.size() > static_cast<std::size_t>(max_samples))
    todo.resize(static_cast<std::size_t>(max_samples));
  std::vector<std::size_t> mine;
  for (std::size_t t = world.rank; t < todo.size(); t += world.size) mine.push_back(todo[t]);
  if (!quiet) {
    std::fprintf(stderr, "patella sweep: %s, %s design, %zu samples of %zu runs each; %d process%s x %d threads\n",
                 spec.name.c_str(), design_name(spec.design), n, plan.runs.size(), world.size,
                 world.size > 1 ? "es (MPI ranks)" : "", threads);
    if (resumed) std::fprintf(stderr, "  %zu samples resumed from %s\n", resumed, journal.c_str());
  }

  std::string computed;  // this rank's new samples as journal lines, for the gather
  if (!mine.empty()) {
    JournalWriter writer(journal, fingerprint, world.active ? "rank" + std::to_string(world.rank) : "threads");
    const std::string state = "the journal " + journal + " keeps the finished samples; run the same command to resume";
    std::atomic<std::size_t> next{0};
    std::mutex lock;
    std::size_t done = 0;
    std::exception_ptr stopped;
    std::atomic<bool> stopping{false};
    const auto start = std::chrono::steady_clock::now();
    const bool tty = isatty(STDERR_FILENO);
    auto worker = [&]() {
      for (std::size_t t = next++; t < mine.size(); t = next++) {
        const std::size_t i = mine[t];
        try {
          SampleOutcome o = run_sample(plan, i, [&] {
            if (stopping) throw std::runtime_error("stopping");
            throw_if_interrupted(state);
          });
          writer.append(i, o);
          std::lock_guard<std::mutex> guard(lock);
          computed += journal_line(i, o);
          outcomes[i] = std::move(o);
          have[i] = true;
          ++done;
          if (!quiet) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const double rate = done / s;
            std::fprintf(stderr, "%s  sample %zu/%zu done%s, %.2f samples/s%s, about %s left%s", tty ? "\r" : "",
                         resumed + done * world.size, n, outcomes[i].ok ? "" : " (failed)", rate * world.size,
                         world.size > 1 ? " (rank 0's rate x ranks)" : "",
                         duration_text((mine.size() - done) / rate).c_str(), tty ? "   " : "\n");
          }
        } catch (...) {
          std::lock_guard<std::mutex> guard(lock);
          if (!stopped) stopped = std::current_exception();
          stopping = true;
          return;
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::min<int>(threads, static_cast<int>(mine.size())); ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
    if (!quiet && tty) std::fprintf(stderr, "\n");
    if (stopped) std::rethrow_exception(stopped);
  }

  // rank 0 collects every rank's samples (with one process: its own, already in `outcomes`)
  const std::vector<std::string> texts = world.gather(computed);
  if (!root) return 0;
  if (world.size > 1)
    for (const std::string& text : texts) {
      std::istringstream in(text);
      std::string line;
      while (std::getline(in, line)) {
        std::size_t i = 0;
        SampleOutcome o;
        if (!parse_journal_line(line, i, o) || i >= n) throw std::logic_error("sweep: a rank sent a bad sample");
        outcomes[i] = std::move(o);
        have[i] = true;
      }
    }
  const std::size_t left = static_cast<std::size_t>(std::count(have.begin(), have.end(), false));
  if (left) {
    std::fprintf(stderr, "patella sweep: %zu of %zu samples are left (--max-samples); the journal %s keeps the "
                 "others: run the same command to continue\n", left, n, journal.c_str());
    return 4;
  }

  const SweepResults results = analyse_sweep(plan, outcomes, version);
  write_sweep_hdf5(h5, results);
  std::error_code ec;
  fs::remove_all(journal, ec);  // the results hold every sample now
  std::size_t failed = 0;
  for (const SampleOutcome& o : outcomes) failed += o.ok ? 0 : 1;
  if (!a.has("--quiet")) {
    std::printf("%s", format_sweep_summary(results).c_str());
    std::fprintf(stderr, "patella sweep: wrote %s\n", h5.c_str());
  }
  if (png)
    for (const std::string& f : draw_sweep_pictures(results, out_dir))
      if (!a.has("--quiet")) std::fprintf(stderr, "patella sweep: wrote %s\n", f.c_str());
  if (failed) {
    std::fprintf(stderr, "patella sweep: %zu of %zu samples failed (in %s: /samples/failed, /samples/error):\n",
                 failed, n, h5.c_str());
    std::size_t shown = 0;
    for (std::size_t i = 0; i < n && shown < 5; ++i)
      if (!outcomes[i].ok) {
        std::fprintf(stderr, "  sample %zu: %s\n", i, outcomes[i].error.c_str());
        ++shown;
      }
    return 3;
  }
  return 0;
}

}  // namespace

int cmd_sweep(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2, {{"--help", false}, {"--out", true}, {"--threads", true},
                                            {"--max-samples", true}, {"--quiet", false}, {"--png", false}, {"", true}});
  if (a.has("--help")) {
    std::cout << kHelp;
    return 0;
  }
  if (!a.has("") || a.values.at("").size() != 1)
    throw UsageError("give exactly one sweep file (patella sweep SWEEP.yaml)");
  const MpiWorld world;
  if (world.size == 1) return sweep(a, world);
  // under mpirun a rank that fails alone would leave the others waiting in the gather: it says
  // why and ends them all
  try {
    return sweep(a, world);
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "patella sweep (rank %d): %s\n", world.rank, e.what());
    world.abort(128 + e.signal());
  } catch (const UsageError& e) {
    std::fprintf(stderr, "patella sweep (rank %d): %s\n", world.rank, e.what());
    world.abort(2);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "patella sweep (rank %d): error: %s\n", world.rank, e.what());
    world.abort(1);
  } catch (...) {
    std::fprintf(stderr, "patella sweep (rank %d): an unknown error\n", world.rank);
    world.abort(1);
  }
}

}  // namespace patella::cli
