#!/bin/bash
# Runs the trial at one tool commit: run-all.sh <tool-commit> [names...]
# (no names: every directory under extensions/). One extension at a time, under nice.
# Output: $TRIAL_ROOT/runs/<sha>/<name>/ (logs, diff, verify JSON, outcome.txt) and
#         $TRIAL_ROOT/runs/<sha>/summary.tsv (name, upstream commit, outcome, reason).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
commit=${1:?usage: run-all.sh <tool-commit> [names...]}; shift
root=${TRIAL_ROOT:-/tmp/realworld}
tool=$("$here/build-tool.sh" "$commit") || exit 1
sha=$(basename "$tool")
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(ls "$here/extensions"))
mkdir -p "$root/runs/$sha"
summary=$root/runs/$sha/summary.tsv
for n in "${names[@]}"; do
  echo "== $n ($(date -u +%H:%M:%S))" >&2
  line=$(nice -n 15 python3 "$here/run_one.py" "$tool" "$n" 2>"$root/runs/$sha/$n.stderr") || line="$n	?	ERROR	harness failed: $(tail -1 "$root/runs/$sha/$n.stderr")"
  echo "$line"
  grep -v "^$n	" "$summary" 2>/dev/null > "$summary.tmp"; echo "$line" >> "$summary.tmp"; mv "$summary.tmp" "$summary"
done
