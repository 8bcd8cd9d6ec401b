import sys
import tally

c = tally.Counter()
assert c.bump(2) == 2
tally.bump(c, 3)
assert c.bump(0) == 5
try:
    c.bump(sys.maxsize)
except tally.TallyError:
    pass
else:
    raise AssertionError("no TallyError from the method")
try:
    tally.bump(c, sys.maxsize)
except tally.TallyError:
    pass
else:
    raise AssertionError("no TallyError from the module function")
assert c.bump(0) == 5
print("smoke ok")
