import sys
import packset

P, E = packset.Packer, packset.PackError
assert P().settings() == (0, 6)
assert P(2, 3).settings() == (2, 3)
assert P(level=9).settings() == (0, 9)


def raises(exc, text, f, *a, **k):
    try:
        f(*a, **k)
    except exc as e:
        assert type(e) is exc and text in str(e), (type(e), e)
    else:
        raise AssertionError("no %s" % exc.__name__)


raises(E, "unknown mode 7", P, 7)
raises(E, "level 12 is out of range 0..9", P, level=12)
# Two bad arguments: the converters run in the parser, in order, so the first one's error wins ...
raises(E, "mode must be an int", P, "x", 12)
# ... also over the parser's own checks that come after the conversions.
raises(E, "unknown mode 7", P, 7, bogus=1)
raises(E, "unknown mode 7", P, 7, mode=1)
raises(TypeError, "at most 2 arguments (3 given)", P, 7, 12, 1)
raises(TypeError, "'bogus'", P, 1, bogus=1)
assert packset.tag("zip", 4) == "zip:4"
# A later failure calls the label converter again to release what it took.
label = "lbl-%d" % id(P)
before = sys.getrefcount(label)
raises(E, "level 10 is out of range 0..9", packset.tag, label, 10)
assert sys.getrefcount(label) == before, "label reference leaked"
raises(E, "label must be a non-empty str", packset.tag, "", 10)
print("smoke ok")
