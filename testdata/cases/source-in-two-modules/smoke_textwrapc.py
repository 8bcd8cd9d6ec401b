import textwrapc
assert textwrapc.columns("a", "b", 3) == "a   | b"
assert textwrapc.width("abcd") == 4
print("smoke ok")
