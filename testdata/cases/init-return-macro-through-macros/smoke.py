import units

assert units.m == 1000 and units.cm == 10
assert units.to_mm(2.5, "cm") == 25.0
assert units.to_mm(1, "m") == 1000.0
try:
    units.to_mm(1, "inch")
except units.UnitError:
    pass
else:
    raise AssertionError("no UnitError")
print("smoke ok")
