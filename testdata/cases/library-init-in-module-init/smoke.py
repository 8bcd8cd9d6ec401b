import dbclient
assert dbclient.ready()
assert dbclient.escape_string("it's") == b"it\\'s"
assert dbclient.escape_string("a\\b") == b"a\\\\b"
assert dbclient.__version__ == "1.4.0"
print("smoke ok")
