import adaptreg

assert adaptreg.adapt(3) == 3
adaptreg.register(int, lambda x: x * 10)
assert adaptreg.adapt(3) == 30
assert adaptreg.adapt("s") == "s"
print("smoke ok")
