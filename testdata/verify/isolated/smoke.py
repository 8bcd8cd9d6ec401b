# Smoke script for the viso fixture: runs in the main interpreter and in isolated subinterpreters.
import gc
import viso

b = viso.Box(41)
assert b.get() == 41
assert viso.count() == 1 and viso.count() == 2
try:
    viso.fail()
    raise SystemExit("no error raised")
except viso.error:
    pass
class Sub(viso.Box):
    pass
assert Sub(1).get() == 1
gc.collect()


def state_probe():
    # objects the module hands out that must belong to this module object only
    try:
        viso.fail()
    except viso.error as e:
        return [type(e)]
