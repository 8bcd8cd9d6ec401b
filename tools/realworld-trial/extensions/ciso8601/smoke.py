# Our own smoke test: parse a few ISO 8601 / RFC 3339 strings, naive and aware, cached offsets, errors.
import datetime
import ciso8601
d = ciso8601.parse_datetime('2021-03-04T05:06:07.250')
assert d == datetime.datetime(2021, 3, 4, 5, 6, 7, 250000) and d.tzinfo is None
z = ciso8601.parse_datetime('2021-03-04T05:06:07Z')
assert z.utcoffset() == datetime.timedelta(0)
a = ciso8601.parse_datetime('2021-03-04T05:06:07+05:30')
b = ciso8601.parse_datetime('2020-01-01T00:00:00+05:30')
assert a.utcoffset() == datetime.timedelta(hours=5, minutes=30) and b.utcoffset() == a.utcoffset()
assert ciso8601.parse_datetime('2021-03-04T05:06:07-08:00').utcoffset() == datetime.timedelta(hours=-8)
n = ciso8601.parse_datetime_as_naive('2021-03-04T05:06:07+05:30')
assert n.tzinfo is None and n.hour == 5
assert ciso8601.parse_rfc3339('2019-12-31T23:59:59Z').year == 2019
assert ciso8601.parse_datetime('2021-W01-1') == datetime.datetime(2021, 1, 4)
for bad in ('2021-13-01', 'nonsense', '2021-03-04T25:00'):
    try:
        ciso8601.parse_datetime(bad)
    except ValueError:
        pass
    else:
        raise AssertionError('no error for %r' % bad)
try:
    ciso8601.parse_rfc3339('2021-03-04')
except ValueError:
    pass
else:
    raise AssertionError('no error')
assert isinstance(ciso8601.__version__, str)
