#!/usr/bin/env bash
# The picture tests' input, made once (a ctest fixture): two scenarios at 41 frames a cycle,
# compared into OUT/comparison.h5.
set -euo pipefail
cli=$1
src=$2
out=$3
mkdir -p "$out"
for name in baseline_running vastus_lateralis_taut_band; do
  printf 'extends: %s/scenarios/%s.yaml\nname: %s\noutput:\n  frames_per_cycle: 41\n' \
    "$src" "$name" "$name" > "$out/$name.yaml"
done
"$cli" compare "$out/baseline_running.yaml" "$out/vastus_lateralis_taut_band.yaml" --out "$out" \
  --quiet --threads 2
