import flags

c = flags.Color(3)
assert c == 3 and isinstance(c, int) and type(c) is flags.Color
assert flags.Shape(1) + 1 == 2
assert flags.Size.__name__ == "Size"
print("smoke ok")
