import wordsplit
assert wordsplit.split("  to be  or not ") == ["to", "be", "or", "not"]
try:
    wordsplit.split("x" * 40)
except wordsplit.Error as e:
    assert "32" in str(e)
else:
    raise AssertionError("no wordsplit.Error")
print("smoke ok")
