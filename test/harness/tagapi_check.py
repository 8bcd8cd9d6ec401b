"""Checks the converted struct-table provider tagapi with its consumers, in one interpreter.

Usage: python tagapi_check.py BUILD_DIR
Prints one JSON object: the capsule's name and the struct's members as seen through ctypes (main
interpreter), what the legacy consumer and the isolation-aware consumer return in the main
interpreter, and (3.12+) what happens in two isolated subinterpreters with their own GIL.
"""
import json
import sys

build = sys.argv[1]
sys.path.insert(0, build)
out = {}

import tagapi          # noqa: E402
import tagapi_user     # noqa: E402
import tagapi_aware    # noqa: E402

t = tagapi_user.retag(tagapi.Tagged(21, "a"), "b")
out["legacy_consumer"] = [t.value, t.tag, tagapi_user.is_exact(t)]
t = tagapi_aware.retag(tagapi.Tagged(21, "a"), "c")
out["aware_consumer"] = [t.value, t.tag]

try:
    import ctypes

    class Interface(ctypes.Structure):
        # tagapi_api.h's TagAPI_Interface, member for member.
        _fields_ = [
            ("taggedtype", ctypes.c_void_p),
            ("check", ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object)),
            ("wrap", ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.py_object, ctypes.c_char_p)),
            ("unwrap", ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.py_object)),
            ("version", ctypes.c_long),
        ]

    capi = ctypes.pythonapi
    capi.PyCapsule_GetName.restype = ctypes.c_char_p
    capi.PyCapsule_GetName.argtypes = [ctypes.py_object]
    capi.PyCapsule_GetPointer.restype = ctypes.c_void_p
    capi.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    name = capi.PyCapsule_GetName(tagapi._C_API)
    api = ctypes.cast(capi.PyCapsule_GetPointer(tagapi._C_API, name), ctypes.POINTER(Interface)).contents
    out["capsule_name"] = name.decode()
    out["type_is_tagged"] = api.taggedtype == id(tagapi.Tagged)
    out["check"] = [api.check(tagapi.Tagged(1, "x")), api.check(1)]
    w = api.wrap(5, b"five")
    out["wrap"] = [w.value, w.tag]
    out["unwrap"] = api.unwrap(tagapi.Tagged(9, "nine"))
    out["version"] = api.version
except Exception as e:  # noqa: BLE001
    out["ctypes_error"] = repr(e)

code = (
    "import sys; sys.path.insert(0, %r)\n"
    "import tagapi, tagapi_aware\n"
    "t = tagapi_aware.retag(tagapi.Tagged(4, 'a'), 'b')\n"
    "assert (t.value, t.tag, type(t)) == (4, 'b', tagapi.Tagged)\n"
    "assert tagapi.untag(tagapi.tag(3, 'x')) == 3\n"
) % build
if sys.version_info >= (3, 13):
    import _interpreters
    results = []
    for _ in range(2):
        iid = _interpreters.create("isolated")
        err = _interpreters.run_string(iid, code)
        results.append(None if err is None else str(getattr(err, "formatted", err)))
        _interpreters.destroy(iid)
    out["subinterpreters"] = results
elif sys.version_info >= (3, 12):
    import _testcapi
    results = []
    for _ in range(2):
        r = _testcapi.run_in_subinterp_with_config(
            code, use_main_obmalloc=False, allow_fork=False, allow_exec=False, allow_threads=True,
            allow_daemon_threads=False, check_multi_interp_extensions=True, gil=2)
        results.append(None if r == 0 else "failed (see stderr)")
    out["subinterpreters"] = results
print(json.dumps(out, sort_keys=True))
