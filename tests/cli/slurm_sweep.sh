#!/usr/bin/env bash
# scripts/slurm_sweep.sh outside Slurm (no srun here): it runs the sweep under mpirun with
# SLURM_NTASKS ranks and writes the same file as one process. Usage: slurm_sweep.sh PATELLA SOURCE_DIR
set -euo pipefail
cli=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/s.yaml" <<YAML
name: slurm_check
scenario: $src/scenarios/baseline_running.yaml
design: latin_hypercube
samples: 3
seed: 9
metrics: [lateral tilt at peak PF]
parameters:
  - key: knee.ligament_stiffness.mPFL
    distribution: uniform
    low: 80 %
    high: 120 %
    source: a test range
YAML
"$cli" sweep "$work/s.yaml" --out "$work/one" --threads 1 --quiet
(cd "$work" && SLURM_NTASKS=3 PATELLA="$cli" bash "$src/scripts/slurm_sweep.sh" s.yaml slurm)
cmp "$work/one/slurm_check.h5" "$work/slurm/slurm_check.h5"
echo "ok: scripts/slurm_sweep.sh (3 ranks through mpirun) wrote the same bytes as one process"
