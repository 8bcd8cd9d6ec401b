import units
assert abs(units.convert(1.5, "km", "m") - 1500.0) < 1e-9
assert abs(units.convert(1, "mi", "km") - 1.609344) < 1e-9
assert units.known("cm") and not units.known("furlong")
try:
    units.convert(1, "m", "parsec")
except units.UnitError as e:
    assert "parsec" in str(e)
else:
    raise AssertionError("no UnitError")
assert issubclass(units.UnitError, ValueError)
print("smoke ok")
