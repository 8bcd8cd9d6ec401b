import gc
import boxapi
b = boxapi.make(41)
assert type(b) is boxapi.Box and b.get() == 41
assert boxapi.value(boxapi.Box(7)) == 7
try:
    boxapi.value(3)
except boxapi.BoxError:
    pass
else:
    raise AssertionError("BoxError expected")
assert issubclass(boxapi.BoxError, TypeError)
class Sub(boxapi.Box):
    pass
assert boxapi.value(Sub(5)) == 5
gc.collect()
print("smoke ok")
