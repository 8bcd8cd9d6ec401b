import thermo
t = thermo.Thermo()
assert t.fahrenheit() == 32.0
assert thermo.unit == "celsius"
print("smoke ok")
