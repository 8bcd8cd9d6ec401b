import chime

b = chime.Bell()
assert [b.ring(), b.ring(), b.ring()] == [1, 2, 3]
try:
    b.ring()
except chime.ChimeError as e:
    assert str(e) == "rung out"
else:
    raise AssertionError("no ChimeError")
assert type(b).__module__ == "chime"
