# Our own smoke test: a fixed zone from a TZif file we write, UTC offsets, the caches, pickling, subclassing, errors.
import datetime, io, os, pickle, struct, tempfile
from backports.zoneinfo import ZoneInfo, ZoneInfoNotFoundError

def tzif(offset, abbr):
    # version 1 TZif with no transitions and one local time type
    names = abbr.encode() + b'\0'
    counts = struct.pack('>6l', 0, 0, 0, 0, 1, len(names))
    return b'TZif' + b'\0' * 16 + counts + struct.pack('>lbb', offset, 0, 0) + names

z = ZoneInfo.from_file(io.BytesIO(tzif(3600, 'TST')), key='Trial/Plus1')
dt = datetime.datetime(2020, 6, 1, 12, tzinfo=z)
assert dt.utcoffset() == datetime.timedelta(hours=1), dt.utcoffset()
assert dt.tzname() == 'TST' and dt.dst() == datetime.timedelta(0)
u = dt.astimezone(datetime.timezone.utc)
assert u.hour == 11
assert u.astimezone(z) == dt
root = tempfile.mkdtemp(prefix='zoneinfo-trial-')
os.makedirs(os.path.join(root, 'Trial'))
with open(os.path.join(root, 'Trial', 'Minus3'), 'wb') as f:
    f.write(tzif(-3 * 3600, 'MTT'))
ZoneInfo.clear_cache()
import backports.zoneinfo as bz
bz.reset_tzpath([root])
m = ZoneInfo('Trial/Minus3')
assert m is ZoneInfo('Trial/Minus3')            # the weak and strong caches
assert str(m) == 'Trial/Minus3' and m.key == 'Trial/Minus3'
assert datetime.datetime(2021, 1, 1, tzinfo=m).utcoffset() == datetime.timedelta(hours=-3)
assert pickle.loads(pickle.dumps(m)) is m
assert ZoneInfo.no_cache('Trial/Minus3') is not m
class Sub(ZoneInfo):
    pass
s = Sub('Trial/Minus3')
assert isinstance(s, ZoneInfo) and s is not m and s is Sub('Trial/Minus3')
try:
    ZoneInfo('Trial/Nowhere')
except ZoneInfoNotFoundError:
    pass
else:
    raise AssertionError('no error')
try:
    ZoneInfo.from_file(io.BytesIO(b'not a tzif file at all'))
except ValueError:
    pass
else:
    raise AssertionError('no error')
ZoneInfo.clear_cache(only_keys=['Trial/Minus3'])
bz.reset_tzpath()
