import fractions
import json
import lazycache

assert lazycache.collect(range(3)) == [0, 1, 2]
assert lazycache.collect("ab") == ["a", "b"]
f = lazycache.fraction(2, 6)
# The class is this interpreter's own: a cache shared with another interpreter would hand out its class.
assert type(f) is fractions.Fraction and f == fractions.Fraction(1, 3), f
lazycache.check(1, 3)
for bad in (-1, 3):
    try:
        lazycache.check(bad, 3)
    except json.JSONDecodeError as e:
        assert e.msg == "index out of range" and e.pos == bad, (e.msg, e.pos)
    else:
        raise AssertionError("no JSONDecodeError")
print("smoke ok")
