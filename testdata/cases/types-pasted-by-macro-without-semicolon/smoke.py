import units

d = units.Meter(2.5)
assert d == 2.5 and isinstance(d, float) and type(d) is units.Meter
assert units.symbol(d) == "m"
assert units.symbol(units.Second(1)) == "s"
assert units.symbol(units.Kelvin(273.15)) == ""
assert units.Kilogram.__name__ == "Kilogram"
print("smoke ok")
