import gc
import dbobj

assert dbobj.old.version() == 32
assert type(dbobj.old).__name__ == "DB"
try:
    type(dbobj.old)()
except TypeError:
    pass
else:
    raise AssertionError("DB() must not be instantiable from Python")
gc.collect()
print("smoke ok")
