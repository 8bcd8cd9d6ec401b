import gc
import importlib.util
import sys

import borrowfill

assert borrowfill.parse("12") == 12 and borrowfill.parse("x") is None
try:
    borrowfill.parse(3)
except ValueError:
    pass
else:
    raise AssertionError("ValueError expected")
assert borrowfill.length([1, 2, 3]) == 3
assert borrowfill.join(["a", "b"]) == "a, b"
assert borrowfill.word(2) == "two"

# Fresh module instances, created and dropped: a borrowed reference the module clears would
# take one reference from these objects per instance (visible before 3.12 made them immortal).
spec = importlib.util.find_spec("borrowfill")
# (None is left out: the import machinery itself moves its count by dozens.)
watched = [ValueError, len]
before = [sys.getrefcount(o) for o in watched]
if spec is not None and getattr(spec, "origin", None):
    for _ in range(50):
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        assert mod.join(["x"]) == "x"
        del mod
        gc.collect()
    after = [sys.getrefcount(o) for o in watched]
    for o, b, a in zip(watched, before, after):
        assert a > b - 25, "%r lost %d references" % (o, b - a)  # 50 instances: one lost per instance shows
print("smoke ok")
