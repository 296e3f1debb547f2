#!/bin/sh
# Unpack the committed fixtures (testdata/fixtures) into build/fixtures once
# and derive the dumps that are not committed (make -C testdata unpack; see
# testdata/fixtures/README.md).  Prints the directory.
# With ERA (issue 10: another kernel era than 6.1, e.g. 6.12), the set is
# testdata/fixtures-ERA and goes to build/fixtures-ERA.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

[ "${1:-prepare}" = prepare ] && [ $# -le 2 ] || { echo "usage: $0 prepare [ERA]" >&2; exit 2; }
era=${2:-}
src=$top/testdata/fixtures${era:+-$era}
dst=$top/build/fixtures${era:+-$era}
if [ ! -f "$src/truth.json" ]; then
	echo "fixtures: ${src#$top/}/truth.json is missing (regenerate with: make -C testdata fixtures${era:+ KERNEL_VERSION=$era})" >&2
	exit 1
fi
make -s -C "$top/testdata" unpack ${era:+KERNEL_VERSION=$era} UNPACK_DIR="$dst" >&2
echo "$dst"
