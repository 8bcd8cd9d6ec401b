#!/bin/sh
# Build every test extension (or the ones named) against the CPython headers of
# 3.9-3.13 with -Wall -Werror, then run its smoke.py with the build dir on sys.path.
#   sh testdata/extensions/build_smoke.sh [module ...]
# Output goes to ${TDBUILD:-/tmp/tdbuild}/<version>/ -- never into testdata.
here=$(cd "$(dirname "$0")" && pwd)
out=${TDBUILD:-/tmp/tdbuild}
versions=${TDVERSIONS:-"3.9.18 3.10.13 3.11.7 3.12.1 3.13.0"}
fail=0
if [ $# -eq 0 ]; then
  set --
  for d in "$here"/*/; do [ -f "$d/module.json" ] && set -- "$@" "$(basename "$d")"; done
fi
# capsboxuser needs capsbox in the same build dir
for v in $versions; do
  py=$(pyenv prefix "$v")/bin/python${v%.*}
  inc=$($py -c "import sysconfig;print(sysconfig.get_paths()['include'])")
  suf=$($py -c "import sysconfig;print(sysconfig.get_config_var('EXT_SUFFIX'))")
  mkdir -p "$out/$v"
  for mod in "$@"; do
    dir=$here/$mod
    set -f
    args=$($py - "$dir" <<'PY'
import json, sys, os
d = sys.argv[1]
j = json.load(open(os.path.join(d, "module.json")))
parts = ["-I" + os.path.normpath(os.path.join(d, i)) for i in j.get("includeDirs", [])]
parts += ["-D" + x for x in j.get("defines", [])]
parts += [os.path.join(d, s) for s in j["sources"]]
print(j["module"], " ".join(parts))
PY
)
    set +f
    name=${args%% *}; rest=${args#* }
    if ! gcc -shared -fPIC -Wall -Werror -I"$inc" -o "$out/$v/$name$suf" $rest; then
      echo "BUILD FAIL $mod $v"; fail=1; continue
    fi
    res=$(cd "$dir" && PYTHONPATH="$out/$v" $py -X dev smoke.py 2>&1)
    if [ "$(printf '%s\n' "$res" | tail -n 1)" = "smoke ok" ]; then
      echo "ok   $mod $v"
    else
      echo "FAIL $mod $v"; printf '%s\n' "$res" | tail -n 15; fail=1
    fi
  done
done
exit $fail
