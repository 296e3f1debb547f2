#!/bin/sh
# Unpack the committed fixtures (testdata/fixtures) into build/fixtures once:
# xz files are decompressed, the reassembled kdump is derived from QEMU's
# flattened one with `makedumpfile -R`.  Prints the directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/testdata/fixtures
dst=$top/build/fixtures

[ "${1:-prepare}" = prepare ] || { echo "usage: $0 prepare" >&2; exit 2; }
if [ ! -f "$src/truth.json" ]; then
	echo "fixtures: $src/truth.json is missing (regenerate with: make -C testdata fixtures)" >&2
	exit 1
fi
mkdir -p "$dst"
for f in "$src"/*; do
	name=$(basename "$f")
	case "$name" in
	*.xz)
		out=$dst/${name%.xz}
		if [ ! -f "$out" ] || [ "$f" -nt "$out" ]; then
			xz -dc "$f" > "$out.tmp" && mv "$out.tmp" "$out"
		fi ;;
	README.md) ;;
	*)
		[ -e "$dst/$name" ] || ln -s "$f" "$dst/$name" ;;
	esac
done
if [ -f "$dst/workload.kdump.flat" ] && [ ! -f "$dst/workload.kdump" ]; then
	makedumpfile -R "$dst/workload.kdump.tmp" < "$dst/workload.kdump.flat" >/dev/null 2>&1
	mv "$dst/workload.kdump.tmp" "$dst/workload.kdump"
fi
echo "$dst"
