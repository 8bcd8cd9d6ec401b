# Our own smoke test: a hookable function, its hook and reset, subclassing, gc.
import gc
from zope.hookable._zope_hookable import hookable
def orig(a, b=1):
    return ('orig', a, b)
h = hookable(orig)
assert h(1) == ('orig', 1, 1)
assert h.original is orig and h.implementation is orig
old = h.sethook(lambda a, b=2: ('new', a, b))
assert old is orig and h(5) == ('new', 5, 2)
h.reset()
assert h(3, b=4) == ('orig', 3, 4)
class Sub(hookable):
    pass
s = Sub(implementation=orig)
s.sethook(s)
del s
gc.collect()
try:
    hookable()
except TypeError:
    pass
else:
    raise AssertionError('TypeError expected')
