#!/usr/bin/env bash
# The layering check must fail on a copy of the tree where a model header includes a gait header
# (a layer above it), and pass on the unchanged copy. Usage: layering_violation.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/include" "$tmp/src" "$tmp/cmake"
cp -r "$src/include/patella" "$tmp/include/"
cp -r "$src/src/." "$tmp/src/"
cp "$src/cmake/check_layers.cmake" "$tmp/cmake/"
cmake -DROOT="$tmp" -P "$tmp/cmake/check_layers.cmake" >/dev/null
sed -i '0,/#include "patella\/core\/types.hpp"/s//#include "patella\/core\/types.hpp"\n#include "patella\/gait\/motion.hpp"/' \
    "$tmp/include/patella/model/leg.hpp"
if out=$(cmake -DROOT="$tmp" -P "$tmp/cmake/check_layers.cmake" 2>&1); then
  echo "FAIL: an upward include (model -> gait) was not caught"; exit 1
fi
grep -q "include/patella/model/leg.hpp: layer 'model' includes patella/gait/motion.hpp" <<<"$out" \
  || { echo "FAIL: the message does not name the file and header:"; echo "$out"; exit 1; }
# a relative include would slip past the layer rule: it is refused too
cp "$src/include/patella/model/leg.hpp" "$tmp/include/patella/model/leg.hpp"
echo '#include "../gait/motion.hpp"' >> "$tmp/include/patella/model/leg.hpp"
if out=$(cmake -DROOT="$tmp" -P "$tmp/cmake/check_layers.cmake" 2>&1); then
  echo "FAIL: a relative include was not caught"; exit 1
fi
grep -q "no relative paths" <<<"$out" || { echo "FAIL: the message does not say why:"; echo "$out"; exit 1; }
echo "ok: the upward include and the relative include were caught"
