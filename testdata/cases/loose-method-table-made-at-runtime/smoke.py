import dirclient

assert dirclient.connect("ldap://example.org") == "example.org"
try:
    dirclient.connect("http://example.org")
except dirclient.error as e:
    assert "unsupported URI: http://example.org" in str(e), e
else:
    raise AssertionError("dirclient.error expected")
assert issubclass(dirclient.error, Exception)
assert dirclient.escape("a*(b)") == b"a\\*\\(b\\)"
assert repr(dirclient.connect) == "<built-in function connect>"
# Made with the module as self, the functions say so as m_methods functions do.
assert dirclient.connect.__self__ in (None, dirclient)
print("smoke ok")
