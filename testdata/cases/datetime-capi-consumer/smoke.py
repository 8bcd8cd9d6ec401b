import datetime
import daycount

assert daycount.between(datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)) == 60
assert daycount.between(datetime.date(2023, 1, 1), datetime.date(2023, 3, 1)) == 59
assert daycount.make(2000, 2, 29) == datetime.date(2000, 2, 29)
try:
    daycount.between(datetime.date(2024, 1, 2), datetime.date(2024, 1, 1))
except daycount.RangeError as e:
    assert isinstance(e, ValueError)
else:
    raise AssertionError("RangeError expected")
print("smoke ok")
