#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# from autograder.zip (made by make-zip.sh, beside this file). It installs
# the Go that the workbook's go.mod asks for, jq, builds the checker once
# into source/bin/checker, and checks the reference solutions once so that
# Go's race runtime, the modules and the checks' packages are built before
# the first submission comes.
#
# The zip holds: setup.sh, run_autograder, workbook/ (your copy of the
# workbook: its checks are the ones that grade) and, if you have hidden
# checks, private-checks/NAME/NAME_*.txtar.
#
# Environment (all optional): AUTOGRADER_ROOT (default /autograder),
# GO_ROOT (where Go goes, default /usr/local/go), GO_VERSION (a Go release
# such as 1.26.2; default the newest release of the go.mod's version).
set -euo pipefail

root=${AUTOGRADER_ROOT:-/autograder}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
workbook="$src/workbook"
goroot=${GO_ROOT:-/usr/local/go}

# The same Go environment as run_autograder's: the build cache filled here
# is the one every submission is graded with.
export GOPATH=${GOPATH:-$root/go}
export GOCACHE=${GOCACHE:-$root/go/cache}
export GOMODCACHE=${GOMODCACHE:-$GOPATH/pkg/mod}
export GOTOOLCHAIN=local
export PATH="$goroot/bin:$PATH"

# ge A B: is version A at least version B?
ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$2" ]; }

need=()
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl ca-certificates)
if [ "${#need[@]}" -gt 0 ]; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

want=$(awk '$1 == "go" { print $2; exit }' "$workbook/go.mod")
have=$("$goroot/bin/go" env GOVERSION 2>/dev/null || true)
if [ -n "$have" ] && ge "${have#go}" "$want"; then
	echo "setup: $have is installed in $goroot (go.mod asks for go $want)"
else
	version=${GO_VERSION:-}
	if [ -z "$version" ]; then
		# The newest release of the go.mod's version (go 1.26 → go1.26.N).
		version=$(curl -fsSL 'https://go.dev/dl/?mode=json' |
			jq -r --arg w "go$want" '[.[].version | select(. == $w or startswith($w + "."))][0] // empty' || true)
		version=${version#go}
	fi
	if [ -z "$version" ]; then
		case $want in
		*.*.*) version=$want ;;
		*) version=$want.0 ;;
		esac
	fi
	case $(uname -m) in
	x86_64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) echo "setup: no Go download for $(uname -m)" >&2; exit 1 ;;
	esac
	echo "setup: installing go$version ($arch) in $goroot"
	tarball=$(mktemp)
	curl -fsSL "https://go.dev/dl/go$version.linux-$arch.tar.gz" -o "$tarball"
	rm -rf "$goroot"
	mkdir -p "$goroot"
	tar -C "$goroot" --strip-components=1 -xzf "$tarball"
	rm -f "$tarball"
fi
go version

echo "setup: building the checker"
mkdir -p "$src/bin"
(cd "$workbook" && go build -trimpath -o "$src/bin/checker" ./checker)

# Check the reference solutions once (hidden checks included): this builds
# the race runtime and every check's packages into GOCACHE. A failure here
# means the reference fails on this machine: every submission would too.
scripts=()
if [ -d "$src/private-checks" ]; then
	scripts=(-scripts "$src/private-checks")
fi
echo "setup: checking the reference solutions once, to fill the build cache"
if ! (cd "$workbook" && "$src/bin/checker" -solutions "${scripts[@]}" all); then
	echo "setup: WARNING: the reference solutions failed a check on this machine (see above);" >&2
	echo "setup: submissions would fail the same checks: look before you publish the assignment" >&2
fi
echo "setup: done"
