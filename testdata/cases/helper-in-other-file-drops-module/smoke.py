import units
assert units.FOOT == 0.3048
assert units.FACTOR_COUNT == 4
assert abs(units.to_metres(3, units.FOOT) - 0.9144) < 1e-12
try:
    units.to_metres(1, 0)
except units.UnitError as e:
    assert isinstance(e, ValueError)
else:
    raise AssertionError("no units.UnitError")
print("smoke ok")
