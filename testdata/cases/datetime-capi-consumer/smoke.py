import datetime
import daycount

assert daycount.between(datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)) == 60
assert daycount.between(datetime.date(2023, 1, 1), datetime.date(2023, 3, 1)) == 59
made = daycount.make(2000, 2, 29)
assert made == datetime.date(2000, 2, 29) and type(made) is datetime.date
assert daycount.span(3) == datetime.timedelta(days=3)
start = daycount.midnight_utc(datetime.date(2024, 5, 17))
assert type(start) is datetime.datetime
assert start.tzinfo is datetime.timezone.utc
assert start == datetime.datetime(2024, 5, 17, tzinfo=datetime.timezone.utc)
try:
    daycount.between(datetime.date(2024, 1, 2), datetime.date(2024, 1, 1))
except daycount.RangeError as e:
    assert isinstance(e, ValueError)
else:
    raise AssertionError("RangeError expected")
try:
    daycount.midnight_utc("2024-05-17")
except TypeError:
    pass
else:
    raise AssertionError("TypeError expected")
print("smoke ok")
