# Our own smoke test: block and stream scans with Python match callbacks, errors, and subclassing.
import gc
import hyperscan._hyperscan as hs

db = hs.Database()
db.compile(expressions=[b'foo', b'ba[rz]'], ids=[1, 2], elements=2, flags=[0, hs.HS_FLAG_SOM_LEFTMOST])
hits = []
db.scan(b'xx foo bar baz', match_event_handler=lambda i, frm, to, flags, ctx: hits.append((i, to)))
assert sorted(hits) == [(1, 6), (2, 10), (2, 14)], hits
stop = []
db.scan(b'foo foo foo', match_event_handler=lambda *a: stop.append(a) or True)
assert len(stop) == 1
sdb = hs.Database(mode=hs.HS_MODE_STREAM)
sdb.compile(expressions=[b'split'])
seen = []
with sdb.stream(match_event_handler=lambda i, frm, to, flags, ctx: seen.append(to)) as s:
    s.scan(b'xxsp')
    s.scan(b'lityy')
assert seen == [7], seen
try:
    hs.Database().compile(expressions=[b'(unclosed'])
except hs.error as e:
    assert e.args
else:
    raise AssertionError('bad pattern compiled')

class MyDb(hs.Database):
    pass

m = MyDb()
m.compile(expressions=[b'x'])
assert isinstance(m, hs.Database)
del db, sdb, m
gc.collect()
