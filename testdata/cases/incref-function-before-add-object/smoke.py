import sys
import parsers
assert parsers.parse("abc") == 3
for arg, exc, text in (("", parsers.SyntaxFault, "empty input"), ("x" * 9, parsers.LimitFault, "input too long")):
    try:
        parsers.parse(arg)
    except exc as e:
        assert str(e) == text
    else:
        raise AssertionError(arg)
del arg, exc, text
# Each exception is owned by the module's dict and by the module (its global or state field): the same
# count for both, whichever spelling took the global's reference.
assert sys.getrefcount(parsers.SyntaxFault) == sys.getrefcount(parsers.LimitFault), (sys.getrefcount(parsers.SyntaxFault), sys.getrefcount(parsers.LimitFault))
