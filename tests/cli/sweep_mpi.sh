#!/usr/bin/env bash
# `mpirun -n 2 --oversubscribe patella sweep` writes the same bytes as one process with threads
# (the sweep from tests/cli/sweep_cli_test.cpp's kind: three samples of the default running
# cycle). Usage: sweep_mpi.sh PATELLA SOURCE_DIR
set -euo pipefail
cli=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/s.yaml" <<YAML
name: mpi_check
scenario: $src/scenarios/baseline_running.yaml
design: latin_hypercube
samples: 3
seed: 5
metrics: [lateral shift at peak PF, PF contact force stance mean]
parameters:
  - key: knee.ligament_stiffness.PT
    distribution: uniform
    low: 90 %
    high: 110 %
    source: a test range
YAML
"$cli" sweep "$work/s.yaml" --out "$work/threads" --threads 2 --quiet
# root in a container: Open MPI refuses to run as root without these
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 --oversubscribe "$cli" sweep "$work/s.yaml" --out "$work/mpi" --threads 1 --quiet
cmp "$work/threads/mpi_check.h5" "$work/mpi/mpi_check.h5"
[ ! -e "$work/mpi/mpi_check.journal" ] || { echo "the journal was left after a complete sweep"; exit 1; }
echo "ok: mpirun -n 2 and 2 threads wrote the same bytes"
