#!/usr/bin/env python3
"""Consistency check for testdata/extensions/*/HAZARDS.md.

    python3 testdata/extensions/check_hazards.py [module ...]

For every hazard line `<file>:<line> <kind> <name> — ...` it checks that the
file and line exist, that the kind is known and that the line really holds the
hazard (the name, or the call that the kind is about).  Entries under
"## Not hazards" written as `- <file>:<line> `name`` are checked the same way.
It then lists declaration-looking lines of the sources that neither list
mentions, as a reminder (not an error): storage that is not a hazard should
still be listed under "Not hazards".
"""
import json
import os
import re
import sys

KINDS = {
    "static-type", "exception-global", "object-global", "function-static-cache",
    "single-phase-init", "pystate-find-module", "pystate-add-module",
    "capsule-export", "capsule-consumer-global", "mutable-c-static", "gilstate",
    "address-escapes", "read-before-set", "callback-without-state",
}
# kinds whose line is identified by a call rather than by the name
MARKER = {
    "single-phase-init": "PyModule_Create",
    "pystate-find-module": "PyState_FindModule",
    "pystate-add-module": "PyState_AddModule",
    "gilstate": "PyGILState_Ensure",
}
HAZ = re.compile(r"^(\S+):(\d+) (\S+) (\S+) \u2014 \S")
NOT = re.compile(r"^- (\S+):(\d+) `([^`]+)`")
DECL = re.compile(
    r"^\s*(?:static\s+|extern\s+|[A-Z_]+_NO_EXPORT\s+|[A-Z_]+_VISIBILITY_HIDDEN\s+)*"
    r"(?:const\s+|unsigned\s+|struct\s+|volatile\s+)*"
    r"(?:PyObject|PyTypeObject|int|long|char|double|size_t|Py_ssize_t|void|[A-Za-z_]\w*_t|[A-Za-z_]\w*)"
    r"[\s\*]+(?:const\s+)?\*?\s*(\w+)\s*(?:\[[^\]]*\])?\s*(?:=[^=]|;)")
NOT_DECL_WORDS = ("return", "typedef", "else", "case", "goto", "#")


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.decode("latin-1").replace("\r\n", "\n").split("\n")


def check_module(moddir):
    errors, reminders = [], []
    hz = os.path.join(moddir, "HAZARDS.md")
    mj = json.load(open(os.path.join(moddir, "module.json")))
    covered = set()
    section = "hazards"
    n = 0
    for raw in open(hz, encoding="utf-8").read().split("\n"):
        if raw.startswith("## Not hazards"):
            section = "not"
            continue
        if section == "hazards":
            m = HAZ.match(raw)
            if not m:
                if re.match(r"^\S+:\d+ ", raw):
                    errors.append("malformed hazard line: " + raw)
                continue
            f, line, kind, name = m.group(1), int(m.group(2)), m.group(3), m.group(4)
            n += 1
            if kind not in KINDS:
                errors.append("unknown kind %s: %s" % (kind, raw))
            token = MARKER.get(kind, name.lstrip("&*").split(":")[-1])
        else:
            m = NOT.match(raw)
            if not m:
                continue
            f, line, token = m.group(1), int(m.group(2)), m.group(3)
        path = os.path.normpath(os.path.join(moddir, f))
        if not os.path.exists(path):
            errors.append("no such file: " + f)
            continue
        lines = read_lines(path)
        if line < 1 or line > len(lines):
            errors.append("%s:%d out of range" % (f, line))
            continue
        if not re.search(r"(?<!\w)" + re.escape(token) + r"(?!\w)", lines[line - 1]):
            errors.append("%s:%d does not contain %r: %r" % (f, line, token, lines[line - 1]))
        covered.add((os.path.realpath(path), line))
    files = list(mj["sources"]) + [x for x in os.listdir(moddir) if x.endswith(".h")]
    files += list(mj.get("templates", {}).values())
    for f in files:
        path = os.path.join(moddir, f)
        depth = 0
        for i, text in enumerate(read_lines(path), 1):
            stripped = text.strip()
            m = DECL.match(text)
            if (m and not stripped.startswith(NOT_DECL_WORDS)
                    and "(" not in text.split("=")[0]
                    and (depth == 0 or re.match(r"\s*static\b", text))
                    and (os.path.realpath(path), i) not in covered):
                reminders.append("%s:%d %s" % (f, i, stripped))
            depth += text.count("{") - text.count("}")
    return n, errors, reminders


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    mods = argv or sorted(d for d in os.listdir(here)
                          if os.path.isfile(os.path.join(here, d, "module.json")))
    bad = 0
    for mod in mods:
        n, errors, reminders = check_module(os.path.join(here, mod))
        print("%-12s %3d hazards, %d errors" % (mod, n, len(errors)))
        for e in errors:
            print("  ERROR", e)
        for r in reminders:
            print("  unlisted declaration?", r)
        bad += len(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
