#!/usr/bin/env bash
# go-version.sh: stop, in one line, unless the go in PATH is at least the
# version go.mod names (make runs it before anything that builds).
set -u
cd "$(dirname "$0")/.." || exit
need=$(awk '$1 == "go" { print $2; exit }' go.mod)
get="get it from https://go.dev/dl/ (Debian 12's golang package is 1.19), unpack it in /usr/local and add /usr/local/go/bin to PATH"
command -v go >/dev/null || { echo "Go $need or later is needed and there is no go in PATH: $get" >&2; exit 1; }
# Asked outside this module: inside it, a Go that cannot read go.mod's go
# line fails, and one from 1.21 on may download another toolchain first.
have=$(cd / && GOTOOLCHAIN=local go version | awk '{ sub(/^go/, "", $3); print $3 }')
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
	echo "Go $need or later is needed, and $(command -v go) is go$have: $get" >&2
	exit 1
fi
