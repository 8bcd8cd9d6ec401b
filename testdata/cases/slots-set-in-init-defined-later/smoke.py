import matchcap

c = matchcap.capture(1, 3, 8)
assert str(c) == "<capture 1: 3-8>", str(c)
assert len(c) == 5
assert c.span() == (3, 8)
assert type(c).__name__ == "Capture"
del c
print("smoke ok")
