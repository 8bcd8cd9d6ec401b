import ldaplite
ldaplite.raise_for(0)
for code, cls in ((-3, ldaplite.Em3), (4, ldaplite.E4), (1, ldaplite.E1)):
    try:
        ldaplite.raise_for(code)
    except cls as e:
        assert str(e) == "result %d" % code
        assert isinstance(e, ldaplite.LiteError)
    else:
        raise AssertionError("no exception for %d" % code)
try:
    ldaplite.raise_for(99)
except ldaplite.LiteError as e:
    assert type(e) is ldaplite.LiteError and "99" in str(e)
print("smoke ok")
