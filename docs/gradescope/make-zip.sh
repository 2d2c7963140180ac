#!/usr/bin/env bash
# Makes the autograder zip to upload to Gradescope, from this copy of the
# workbook (the checks in it are the ones that grade).
#
# usage: docs/gradescope/make-zip.sh [-o autograder.zip] [-scripts DIR]
#
# The zip holds, at its root (Gradescope wants setup.sh and run_autograder
# there, not in a folder):
#   setup.sh, run_autograder   from docs/gradescope/
#   workbook/                  the workbook's files: those git tracks or
#                              would track, or else all but .git; never
#                              submissions/, .checker-backup/ or state
#   private-checks/            DIR, if -scripts DIR is given: hidden checks
#                              (NAME/NAME_*.txtar), as for checker grade
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
workbook=$(cd "$here/../.." && pwd)
out=autograder.zip
scripts=
while [ $# -gt 0 ]; do
	case $1 in
	-o) out=${2:?-o needs a file}; shift 2 ;;
	-scripts) scripts=${2:?-scripts needs a folder}; shift 2 ;;
	*) echo "usage: $0 [-o autograder.zip] [-scripts DIR]" >&2; exit 2 ;;
	esac
done
if [ -n "$scripts" ]; then
	[ -d "$scripts" ] || { echo "make-zip: -scripts $scripts is not a folder" >&2; exit 2; }
	scripts=$(cd "$scripts" && pwd)
fi
case $out in
/*) ;;
*) out="$PWD/$out" ;;
esac
command -v zip >/dev/null || { echo "make-zip: needs zip (apt-get install zip)" >&2; exit 2; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
chmod 755 "$stage/setup.sh" "$stage/run_autograder"
mkdir "$stage/workbook"

keep() { # the workbook's files, NUL-separated, from the names on stdin
	while IFS= read -r -d '' f; do
		case $f in
		submissions/* | .checker-backup/* | .checker-state.json | *.zip) continue ;;
		esac
		[ -f "$f" ] && printf '%s\0' "$f"
	done
}
cd "$workbook"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | keep | tar --null -T - -cf - | tar -xf - -C "$stage/workbook"
else
	find . -path ./.git -prune -o -type f -printf '%P\0' | keep | tar --null -T - -cf - | tar -xf - -C "$stage/workbook"
fi
if [ -n "$scripts" ]; then
	cp -R "$scripts" "$stage/private-checks"
fi

rm -f "$out"
(cd "$stage" && zip -qr "$out" .)
echo "make-zip: wrote $out: upload it as the assignment's autograder (Configure Autograder → Zip file upload)"
