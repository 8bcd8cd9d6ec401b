import wordscan

assert list(wordscan.Scanner("  the quick\tbrown  fox ")) == ["the", "quick", "brown", "fox"]
assert list(wordscan.Scanner("")) == []
assert wordscan.count("one two three") == 3
assert type(wordscan.Scanner("x")).__name__ == "Scanner"
assert wordscan.Scanner.__module__ == "wordscan"
print("smoke ok")
