import oompaths

t = oompaths.Tally()
assert t.add(2) == 2 and t.add(3) == 5
assert t.as_dict() == {"total": 5}
try:
    t.add(-1)
except oompaths.ParseError as e:
    assert isinstance(e, ValueError) and "negative" in str(e)
else:
    raise AssertionError("ParseError not raised")
try:
    oompaths.fail()
except oompaths.OomError:
    pass
else:
    raise AssertionError("OomError not raised")
assert isinstance(oompaths.Marker(), oompaths.Marker)
