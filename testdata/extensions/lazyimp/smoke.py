import datetime
import decimal
import fractions
import json
import lazyimp

td = datetime.timedelta(days=1, seconds=2, microseconds=500000)
assert lazyimp.total_seconds(td) == 86402.5
assert lazyimp.total_seconds(datetime.timedelta(seconds=-1)) == -1.0
try:
    lazyimp.total_seconds(5)
except TypeError:
    pass
else:
    raise AssertionError

d = decimal.Decimal("1.5")
assert lazyimp.to_decimal(d) is d
assert lazyimp.to_decimal(0.1) == decimal.Decimal("0.1")
assert lazyimp.to_decimal("2") == decimal.Decimal(2)
assert lazyimp.epoch_iso() == "1970-01-01T00:00:00+00:00"

try:
    lazyimp.convert(1)
except LookupError:
    pass
else:
    raise AssertionError
lazyimp.register(int, lambda x: x * 2)
lazyimp.register(str, str.upper)
assert lazyimp.convert(21) == 42 and lazyimp.convert("ab") == "AB"
try:
    lazyimp.convert(True)          # exact type lookup: bool is not int
except LookupError:
    pass
else:
    raise AssertionError
try:
    lazyimp.register("int", len)
except TypeError:
    pass
else:
    raise AssertionError

assert lazyimp.lazy_module("json") is json
assert lazyimp.lazy_module("fractions") is fractions
assert lazyimp.lazy_module("json") is json
try:
    lazyimp.lazy_module("os")
except KeyError:
    pass
else:
    raise AssertionError
assert type(lazyimp._registry_ptr).__name__ == "PyCapsule"

lazyimp.set_describer(lambda o: "other %r" % (o,))
assert lazyimp.describe(d) == "decimal 1.5"
assert lazyimp.describe(td) == "timedelta 1 day, 0:00:02.500000"
assert lazyimp.describe([1]) == "other [1]"
print("smoke ok")
