#!/usr/bin/env bash
# Seeds each fuzz target's corpus with the project's own files (the shipped model, motions,
# cycles and scenarios), a few small hand-made inputs, and results files the given patella
# binary writes for a short run and a comparison.
# Usage: make_seeds.sh SOURCE_DIR PATELLA_BINARY OUT_DIR
set -euo pipefail
src=$1 patella=$2 out=$3
rm -rf "$out"
mkdir -p "$out"/{osim,stl,sto,cycle_csv,scenario,results}

cp "$src/models/lenhart2015/model/lenhart2015.osim" "$out/osim/"
# the same model with two objects per set (every element kind, 25 kB instead of 880 kB: the
# fuzzer runs some 30 times faster on it)
python3 - "$src/models/lenhart2015/model/lenhart2015.osim" "$out/osim/lenhart2015_two_per_set.osim" <<'PY'
import sys
import xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1])
for objects in tree.getroot().iter("objects"):
    for extra in list(objects)[2:]:
        objects.remove(extra)
tree.write(sys.argv[2], encoding="UTF-8", xml_declaration=True)
PY
cat > "$out/osim/minimal.osim" <<'XML'
<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
  <Model name="minimal">
    <BodySet><objects>
      <Body name="femur_r"><mass>9.3</mass><mass_center>0 -0.17 0</mass_center>
        <inertia>0.13 0.03 0.14 0 0 0</inertia></Body>
    </objects></BodySet>
    <JointSet><objects>
      <CustomJoint name="hip_r"><socket_parent_frame>ground_offset</socket_parent_frame>
        <socket_child_frame>femur_r_offset</socket_child_frame>
        <coordinates><Coordinate name="hip_flexion_r"><range>-2 2</range></Coordinate></coordinates>
      </CustomJoint>
    </objects></JointSet>
  </Model>
</OpenSimDocument>
XML

# the smallest shipped mesh, and one tetrahedron as binary and as ASCII STL
cp "$src/models/lenhart2015/geometry/lenhart2015-R-tibia-subchondral-bone.stl" "$out/stl/"
perl -e '
  my @v = ([0,0,0],[0.01,0,0],[0,0.01,0],[0,0,0.01]);
  my @f = ([0,2,1],[0,1,3],[0,3,2],[1,2,3]);
  open(my $b, ">", "$ARGV[0]/tetra_binary.stl"); binmode $b;
  print $b "tetra" . ("\0" x 75), pack("V", scalar @f);
  print $b pack("f<3", 0, 0, 0), (map { pack("f<3", @{$v[$_]}) } @$_), pack("v", 0) for @f;
  open(my $a, ">", "$ARGV[0]/tetra_ascii.stl");
  print $a "solid tetra\n";
  for (@f) { print $a " facet normal 0 0 0\n  outer loop\n";
             print $a "   vertex @{$v[$_]}\n" for @$_;
             print $a "  endloop\n endfacet\n" }
  print $a "endsolid tetra\n";' "$out/stl"

cp "$src/models/lenhart2015/motion/"*.mot "$out/sto/"
printf 'sto\nversion=1\nnRows=2\nnColumns=3\ninDegrees=yes\nendheader\ntime\tknee_angle_r\tpf_tz_r\n0\t10\t0.001\n0.01\t12\t0.002\n' \
  > "$out/sto/small_v1.sto"

cp "$src/models/running/"*.csv "$out/cycle_csv/"

# scenarios as shipped (the target's folder holds the shipped ones, so `extends` resolves), and
# each child with its parent inlined after the "#%parent" line the target splits at
for f in "$src/scenarios/"*.yaml; do
  cp "$f" "$out/scenario/"
  parent=$(sed -n 's/^extends: *//p' "$f")
  if [ -n "$parent" ]; then
    { sed 's/^extends: .*/extends: parent.yaml/' "$f"; printf '\n#%%parent\n'; cat "$src/scenarios/$parent"; } \
      > "$out/scenario/inlined_$(basename "$f")"
  fi
done

# results: a short run (one file, /gait) and a comparison (/scenarios/<name>)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src/scenarios/"*.yaml "$work/"
sed -i "s|\.\./models|$src/models|" "$work/"*.yaml
for s in baseline_running vastus_lateralis_taut_band; do
  printf 'extends: %s.yaml\nname: short_%s\noutput:\n  frames_per_cycle: 41\n  csv: false\n  hdf5: true\n' \
    "$s" "$s" > "$work/short_$s.yaml"
done
"$patella" run "$work/short_baseline_running.yaml" --out "$work/run" --quiet
cp "$work/run/short_baseline_running.h5" "$out/results/run.h5"
"$patella" compare "$work/short_baseline_running.yaml" "$work/short_vastus_lateralis_taut_band.yaml" \
  --out "$work/cmp" --name cmp --quiet >/dev/null
cp "$work/cmp/cmp.h5" "$out/results/compare.h5"
echo "make_seeds: $(find "$out" -type f | wc -l) seeds in $out"
