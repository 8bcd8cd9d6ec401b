#!/bin/bash
# Builds a clean copy of the tool at a commit into $TRIAL_ROOT/tool/<sha> and prints that directory.
# The copy comes from `git archive`, so uncommitted work in the checkout cannot move the numbers.
#   build-tool.sh <commit> [repo]    (repo: the git checkout to take it from, default /work/main)
set -euo pipefail
commit=${1:?usage: build-tool.sh <commit> [repo]}
repo=${2:-${TOOL_REPO:-/work/main}}
root=${TRIAL_ROOT:-/tmp/realworld}
sha=$(git -C "$repo" rev-parse --short=12 "$commit^{commit}")
dest=$root/tool/$sha
if [ -f "$dest/.built" ]; then echo "$dest"; exit 0; fi
rm -rf "$dest"; mkdir -p "$dest"
git -C "$repo" archive "$sha" | tar -x -C "$dest"
# node_modules is not in git: share the checkout's (the build needs typescript and tree-sitter).
ln -s "$(cd "$repo" && pwd)/node_modules" "$dest/node_modules"
(cd "$dest" && nice -n 15 npx tsc -p tsconfig.json) >&2
touch "$dest/.built"
echo "$dest"
