import textpad
assert textpad.pad("ab", 5) == "ab..."
assert textpad.pad("abcdef", 3) == "abcdef"
try:
    textpad.pad("x", -1)
except textpad.WidthError as e:
    assert "negative" in str(e)
else:
    raise AssertionError("no WidthError")
try:
    textpad.pad(3, 4)
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
print("smoke ok")
