import clampmod
assert clampmod.clamp(1.5) == 1.0
assert clampmod.clamp(-2.0, lo=-1.0) == -1.0
assert clampmod.clamp(0.25, hi=0.5) == 0.25
try:
    clampmod.clamp(x=0.5)
except TypeError:
    pass
else:
    raise AssertionError("x is positional-only")
assert clampmod.wrap(370) == 10
assert clampmod.wrap(x=-30, period=100) == 70
print("smoke ok")
