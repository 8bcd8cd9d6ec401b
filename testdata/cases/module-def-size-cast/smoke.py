import gc
import castdef
b = castdef.Box()
assert b.get() == 0 and isinstance(b, castdef.Box)
assert castdef.get_default() == 42
class Sub(castdef.Box):
    pass
assert Sub().get() == 0
del b
gc.collect()
