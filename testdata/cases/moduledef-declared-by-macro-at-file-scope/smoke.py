import ports
assert ports.__doc__ == "Well-known service ports."
assert ports.COUNT == 5
assert ports.lookup("ssh") == 22
try:
    ports.lookup("gopher")
except ports.PortError as e:
    assert isinstance(e, LookupError)
    assert "gopher" in str(e)
else:
    raise AssertionError("no ports.PortError")
print("smoke ok")
