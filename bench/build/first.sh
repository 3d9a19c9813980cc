#!/bin/bash
# A new user's first build, old tree against new: the README's two commands
# build the binary (`go run ./cmd/specstress demo`) and every test binary
# (`go test ./...`). Each tree gets a fresh GOCACHE (the module cache stays
# warm: downloads are not build time); `-run '^$'` builds and links every
# test binary and runs no test, so the figure is the build alone.
#   bash bench/build/first.sh OLD_TREE NEW_TREE
# Run on a quiet machine: one round takes many minutes.
set -euo pipefail
OLD=${1:?old tree}
NEW=${2:?new tree}
for t in old new; do
  d=$OLD
  [ "$t" = new ] && d=$NEW
  c=$(mktemp -d)
  (cd "$d" && /usr/bin/time -f "$t binary: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    env GOCACHE="$c" go build -o "$c/specstress" ./cmd/specstress)
  (cd "$d" && /usr/bin/time -f "$t then every test binary: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    env GOCACHE="$c" go test -count=1 -run '^$' ./... >/dev/null)
  rm -rf "$c"
done
