import gc
import versions
assert versions.old.label() == "old-3" and versions.old.major == 3
vs = [versions.make(i) for i in range(100)]
assert vs[7].label() == "made-7" and isinstance(vs[7], versions.Version)
try:
    versions.Version()
except TypeError:
    pass
else:
    raise AssertionError("instantiable")
del vs
gc.collect()
assert versions.make(5).major == 5
