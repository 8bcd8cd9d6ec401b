import tally
c = tally.Counter()
assert c.add("Hello") == 1 and c.add("World") == 2
try:
    c.add(3)
except tally.TallyError as e:
    assert "str" in str(e)
else:
    raise AssertionError("no TallyError")
assert tally.module_name() == "tally"
assert type(c).__module__ == "tally"
print("smoke ok")
