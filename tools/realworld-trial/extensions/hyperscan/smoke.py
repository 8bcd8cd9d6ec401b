# Our own smoke test: block scans with Python match callbacks, errors, and subclassing.
import gc
import hyperscan._hyperscan as hs

db = hs.Database()
db.compile(expressions=[b'foo', b'ba[rz]'], ids=[1, 2], elements=2, flags=[0, hs.HS_FLAG_SOM_LEFTMOST])
hits = []
db.scan(b'xx foo bar baz', match_event_handler=lambda i, frm, to, flags, ctx: hits.append((i, to)))
assert sorted(hits) == [(1, 6), (2, 10), (2, 14)], hits
stop = []
try:
    db.scan(b'foo foo foo', match_event_handler=lambda *a: stop.append(a) or True)
except hs.error as e:  # a handler that returns true stops the scan: HS_SCAN_TERMINATED
    assert e.args
assert len(stop) == 1
# (no stream scan: 0.2.0's stream match callback crashes the original itself)
sc = hs.Scratch(db)
more = []
db.scan(b'bar', match_event_handler=lambda i, frm, to, flags, ctx: more.append(i), scratch=sc.clone())
assert more == [2], more
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
del db, sc, m
gc.collect()
