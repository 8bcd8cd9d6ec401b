import entries

assert entries.parse("1234") == 1234
try:
    entries.parse("12a4")
except entries.ParseError as e:
    assert "at 2" in str(e), e
else:
    raise AssertionError("ParseError expected")
try:
    entries.parse(12)
except TypeError:
    pass
else:
    raise AssertionError("TypeError expected")
try:
    entries.fail()
except entries.ParseError as e:
    assert str(e) == "always"
else:
    raise AssertionError("ParseError expected")
assert issubclass(entries.ParseError, ValueError)
assert entries.parse.__doc__.startswith("parse($module") or entries.parse.__text_signature__ == "($module, text, /)"

c = entries.Counter(2)
assert c.bump() == 1
assert c.bump() == 2
try:
    c.bump()
except entries.LimitError as e:
    assert "limit 2" in str(e)
else:
    raise AssertionError("LimitError expected")
print("ok")
