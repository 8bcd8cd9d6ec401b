import macstate
t = macstate.Token()
assert macstate.is_token(t) and not macstate.is_token(1)
assert macstate.expect_token(t) is None
try:
    macstate.expect_token(1)
except macstate.ParseError as e:
    assert str(e) == "expected a token"
else:
    raise AssertionError
assert macstate.token_type() is macstate.Token
assert t.same(macstate.Token()) and not t.same(3)
try:
    macstate.fail("input")
except macstate.ParseError as e:
    assert str(e) == "bad input"
else:
    raise AssertionError
print("smoke ok")
