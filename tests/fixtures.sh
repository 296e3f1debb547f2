#!/bin/sh
# Unpack the committed fixtures (testdata/fixtures) into build/fixtures once
# and derive the dumps that are not committed (make -C testdata unpack; see
# testdata/fixtures/README.md).  Prints the directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dst=$top/build/fixtures

[ "${1:-prepare}" = prepare ] || { echo "usage: $0 prepare" >&2; exit 2; }
if [ ! -f "$top/testdata/fixtures/truth.json" ]; then
	echo "fixtures: testdata/fixtures/truth.json is missing (regenerate with: make -C testdata fixtures)" >&2
	exit 1
fi
make -s -C "$top/testdata" unpack UNPACK_DIR="$dst" >&2
echo "$dst"
