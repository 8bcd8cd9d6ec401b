import wordscan
assert wordscan.count_words("hello big world") == 3
assert wordscan.count_words("hello big world", "long") == 2
assert wordscan.count_words("a1 22 333", "word", "digits") == 3
try:
    wordscan.count_words("x", "short")
except ValueError as e:
    assert "short" in str(e)
else:
    raise AssertionError("no ValueError")
print("smoke ok")
