#!/usr/bin/env bash
# A sweep on a Slurm cluster: `sbatch scripts/slurm_sweep.sh SWEEP.yaml OUT_DIR`. Each task is
# an MPI rank of `patella sweep` (Open MPI): rank r computes every N-th sample, journals it, and
# rank 0 writes OUT_DIR/<name>.h5. A job stopped by its time limit (Slurm sends SIGTERM first)
# keeps the journal: submit the same command again and it goes on from there.
# Outside Slurm (a workstation, the test) it runs the same under mpirun with
# ${SLURM_NTASKS:-2} ranks.
#SBATCH --job-name=patella-sweep
#SBATCH --ntasks=64
#SBATCH --cpus-per-task=1
#SBATCH --time=02:00:00
#SBATCH --signal=TERM@120
set -euo pipefail
sweep=${1:?usage: slurm_sweep.sh SWEEP.yaml OUT_DIR}
out=${2:?usage: slurm_sweep.sh SWEEP.yaml OUT_DIR}
cd "${SLURM_SUBMIT_DIR:-$(pwd)}"
patella=${PATELLA:-build/bin/patella}
# one sample per rank at a time: the ranks are the parallelism
if [ -n "${SLURM_JOB_ID:-}" ] && command -v srun >/dev/null; then
  # srun starts the ranks through PMIx (Debian's Open MPI is built with it)
  srun --mpi=pmix "$patella" sweep "$sweep" --out "$out" --threads 1
else
  # root in a container: Open MPI refuses to run as root without these
  if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
  mpirun -n "${SLURM_NTASKS:-2}" --oversubscribe "$patella" sweep "$sweep" --out "$out" --threads 1
fi
