import boxes

b = boxes.Box(21)
assert b.get() == 21
t = b.token()
assert t.get() == 42 and type(t).__name__ == "Token"
assert type(b) is boxes.Box
try:
    type(t)()
except TypeError:
    pass
else:
    raise AssertionError("Token cannot be made from Python")
