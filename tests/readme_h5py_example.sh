#!/usr/bin/env bash
# The README's h5py example, run exactly as written on a fresh run of baseline_running: it must
# load the HDF5 file and save its plot of lateral shift.
set -euo pipefail
cli=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" run "$src/scenarios/baseline_running.yaml" --out "$work/results" --quiet
awk '/^```python$/ { f = 1; next } /^```$/ { if (f) exit } f' "$src/README.md" > "$work/example.py"
grep -q "import h5py" "$work/example.py" || { echo "README: no h5py example found"; exit 1; }
cd "$work"
# Debian's python3 (python3-h5py, python3-matplotlib from scripts/setup), not a user's own
MPLBACKEND=Agg /usr/bin/python3 example.py
head -c 8 lateral_shift.png | od -An -c | grep -q "P   N   G" || { echo "lateral_shift.png is not a PNG"; exit 1; }
# and the plotted values are the file's lateral shift (same numbers as the CSV's pf_tz_mm)
/usr/bin/python3 - <<'PY'
import csv, h5py
with h5py.File("results/baseline_running.h5", "r") as f:
    h5 = list(f["gait"]["pf_tz_mm"][:])
with open("results/baseline_running.csv") as c:
    rows = list(csv.DictReader(c))
assert len(rows) == len(h5), (len(rows), len(h5))
assert all(abs(float(r["pf_tz_mm"]) - v) < 1e-6 for r, v in zip(rows, h5))
print("README h5py example: plotted", len(h5), "frames of lateral shift")
PY
