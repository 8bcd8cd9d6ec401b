import early
h = early.Handle()
assert type(h).__module__ == "early"
print("smoke ok")
