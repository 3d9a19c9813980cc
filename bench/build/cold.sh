#!/bin/bash
# Cold builds, old tree then new tree, each with a fresh GOCACHE (the module
# cache stays warm: downloads are not build time):
#   bash bench/build/cold.sh OLD_TREE NEW_TREE
# Prints wall/CPU time and the peak RSS of the largest process (compile or
# link) for the specstress binary and for the kernel/repl test binary, the
# engine alone. Run on a quiet machine: one round takes minutes.
set -euo pipefail
OLD=${1:?old tree}
NEW=${2:?new tree}
for t in old new; do
  d=$OLD
  [ "$t" = new ] && d=$NEW
  c=$(mktemp -d)
  (cd "$d" && /usr/bin/time -f "$t binary: wall %e s, user %U s, sys %S s, peak RSS %M KB" env GOCACHE="$c" go build -o "$c/specstress" ./cmd/specstress)
  echo "$t binary: $(stat -c %s "$c/specstress") bytes"
  rm -rf "$c"
  c=$(mktemp -d)
  (cd "$d" && /usr/bin/time -f "$t kernel/repl test binary: wall %e s, user %U s, sys %S s, peak RSS %M KB" env GOCACHE="$c" go test -c -o "$c/repl.test" ./kernel/repl)
  rm -rf "$c"
done
