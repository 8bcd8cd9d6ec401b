import contdoc

assert contdoc.check(21) == 42
try:
    contdoc.check(-1)
except contdoc.TallyError as e:
    assert "negative count -1" in str(e)
else:
    raise AssertionError("TallyError expected")
assert contdoc.__doc__.startswith("Counts, doubled.\n\nThe doc is one literal over several lines, with commas, \n")
assert issubclass(contdoc.TallyError, ValueError)
print("ok")
