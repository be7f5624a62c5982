#!/usr/bin/env bash
# One fuzz target's check: every saved regression input (a crash or hang found before) runs
# clean, then a short, reproducible fuzzing run from the seeds (fixed seed, fixed number of
# executions, 10 s per-input timeout, a 2 GB memory cap). Any crash, leak, sanitizer finding,
# uncaught non-patella exception or timeout fails, and libFuzzer leaves the input in WORK.
# Usage: run_fuzzer.sh FUZZER SEEDS REGRESSIONS WORK RUNS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# an impossible allocation returns null as it does without the sanitizer (HDF5 checks for that;
# our own code would throw std::bad_alloc, which the target reports); leaks inside libhdf5 on
# damaged files are suppressed (lsan.supp says which and why)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan.supp"
fuzzer=$1 seeds=$2 regressions=$3 work=$4 runs=$5
rm -rf "$work"
mkdir -p "$work/corpus"
cd "$work"
opts=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1)
if compgen -G "$regressions/*" >/dev/null; then
  "$fuzzer" "${opts[@]}" "$regressions"/*
fi
"$fuzzer" "${opts[@]}" -seed=1 -runs="$runs" -max_len=1048576 corpus "$seeds" 2>&1 | tail -25
