import fractions
import tagger
assert tagger.tags([1, 2.5, fractions.Fraction(1, 3), "x", None]) == b"irrs?"
assert tagger.tags([]) == b""
print("smoke ok")
