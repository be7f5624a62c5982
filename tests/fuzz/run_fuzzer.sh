#!/usr/bin/env bash
# One fuzz target's check: every saved regression input (a crash or hang found before) runs
# clean, then a short fuzzing run from the seeds (fixed seed, fixed number of executions, 10 s
# per-input timeout, a 2 GB memory cap, no address-space randomisation). A crash, leak,
# sanitizer finding, uncaught non-patella exception or timeout in patella's code fails, and the
# input is left in WORK. One inside a library we do not build (libhdf5 1.10.8 on a damaged file,
# see tests/fuzz/upstream/README.md) ends the run but is reported, not failed: it cannot be
# fixed here, and which one a short run meets shifts with every change to the code and from run
# to run.
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
# without address-space randomisation where the machine allows it: libFuzzer also mutates with
# the values its comparisons saw, pointers among them, so with randomisation the same seed takes
# a different path on every run (a CI run met an input the same commit's local run had not)
# (and the input's path is the same string everywhere: fuzz_input_file.hpp)
export PATELLA_FUZZ_DIR=input
norand=()
setarch "$(uname -m)" -R true 2>/dev/null && norand=(setarch "$(uname -m)" -R)
if compgen -G "$regressions/*" >/dev/null; then
  "$fuzzer" "${opts[@]}" "$regressions"/*
fi
status=0
"${norand[@]}" "$fuzzer" "${opts[@]}" -seed=1 -runs="$runs" -max_len=1048576 -artifact_prefix="$work/" corpus "$seeds" \
  > log.txt 2>&1 || status=$?
tail -25 log.txt
[ "$status" -eq 0 ] && exit 0
for a in "$work"/crash-* "$work"/leak-* "$work"/oom-* "$work"/timeout-*; do
  [ -e "$a" ] || continue
  frame=$(bash "$here/first_frame.sh" "$fuzzer" "$a" "$work/log.txt")
  if [[ "$frame" == *libhdf5* ]]; then
    echo "run_fuzzer: $(basename "$a") fails inside libhdf5 (${frame##* in }), not in patella: reported, not failed"
  else
    echo "run_fuzzer: $(basename "$a") fails in patella's code: ${frame:-see the log above}" >&2
    exit 1
  fi
done
exit 0
