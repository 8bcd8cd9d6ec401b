"""Checks a converted C-API provider with its consumers, in one interpreter.

Usage: python capsule_check.py BUILD_DIR
Prints one JSON object: the capsule's name and the table's layout as seen through ctypes (main
interpreter), what the legacy consumer and the isolation-aware consumer return in the main
interpreter, and (3.12+) what happens in two isolated subinterpreters with their own GIL.
"""
import json
import sys

build = sys.argv[1]
sys.path.insert(0, build)
out = {}

import boxapi          # noqa: E402
import boxapi_user     # noqa: E402
import boxapi_aware    # noqa: E402

out["legacy_consumer"] = boxapi_user.double(boxapi.make(21)).get()
out["aware_consumer"] = boxapi_aware.double(boxapi.Box(21)).get()

try:
    import ctypes
    capi = ctypes.pythonapi
    capi.PyCapsule_GetName.restype = ctypes.c_char_p
    capi.PyCapsule_GetName.argtypes = [ctypes.py_object]
    capi.PyCapsule_GetPointer.restype = ctypes.c_void_p
    capi.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    name = capi.PyCapsule_GetName(boxapi._C_API)
    table = ctypes.cast(capi.PyCapsule_GetPointer(boxapi._C_API, name), ctypes.POINTER(ctypes.c_void_p))
    new = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.c_long)(table[1])  # PYFUNCTYPE keeps the GIL
    value = ctypes.PYFUNCTYPE(ctypes.c_long, ctypes.py_object)(table[2])
    out["capsule_name"] = name.decode()
    out["slot0_is_type"] = table[0] == id(boxapi.Box)
    out["slot1_new"] = new(5).get()
    out["slot2_value"] = value(boxapi.Box(9))
except Exception as e:  # noqa: BLE001
    out["ctypes_error"] = repr(e)

code = (
    "import sys; sys.path.insert(0, %r)\n"
    "import boxapi, boxapi_aware\n"
    "assert boxapi_aware.double(boxapi.Box(4)).get() == 8\n"
    "assert boxapi.make(3).get() == 3\n"
    "assert boxapi.value(boxapi.Box(6)) == 6\n"
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
