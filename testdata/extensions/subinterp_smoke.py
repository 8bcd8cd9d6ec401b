"""Run a test extension's smoke.py inside two isolated (own-GIL) subinterpreters.

    python3.12 testdata/extensions/subinterp_smoke.py BUILD_DIR MODULE [MODULE ...]

BUILD_DIR is where build_smoke.sh put the extensions for this interpreter
(e.g. /tmp/tdbuild/3.12.1).  Needs 3.12+ (uses _testcapi on 3.12 and
_interpreters on 3.13).  Prints "sub ok <module>" or "sub FAIL <module>" per
module; only isoclean is expected to pass before any rewrite (the others are
single-phase modules, which isolated interpreters refuse to import).
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
build = os.path.abspath(sys.argv[1])


def run(code):
    if sys.version_info >= (3, 13):
        import _interpreters
        interp = _interpreters.create("isolated")
        try:
            err = _interpreters.run_string(interp, code)
        finally:
            _interpreters.destroy(interp)
        if err is not None:
            print("   ", getattr(err, "formatted", err))
        return err is None
    import _testcapi
    rc = _testcapi.run_in_subinterp_with_config(
        code, use_main_obmalloc=False, allow_fork=True, allow_exec=True,
        allow_threads=True, allow_daemon_threads=False,
        check_multi_interp_extensions=True, gil=2)
    return rc == 0


failed = 0
for mod in sys.argv[2:]:
    smoke = os.path.join(here, mod, "smoke.py")
    code = ("import sys; sys.path.insert(0, %r)\n"
            "exec(compile(open(%r, encoding='utf-8').read(), 'smoke.py', 'exec'), {'__name__': '__main__'})\n"
            % (build, smoke))
    ok = all(run(code) for _ in range(2))
    print("sub %s %s" % ("ok  " if ok else "FAIL", mod))
    failed += not ok
sys.exit(1 if failed else 0)
