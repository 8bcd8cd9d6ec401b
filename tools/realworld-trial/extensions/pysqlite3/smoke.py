# Our own smoke test: an in-memory database through the C module: tables, parameters, Row (by index
# and by name), a user function, an aggregate, errors, a cursor subclass.
import pysqlite3._sqlite3 as s
con = s.connect(':memory:')
con.row_factory = s.Row
con.execute('create table t (a integer, b text)')
con.executemany('insert into t values (?, ?)', [(i, 'x%d' % i) for i in range(10)])
row = con.execute('select a, b from t where a = ?', (3,)).fetchone()
assert row[0] == 3 and row['b'] == 'x3' and row.keys() == ['a', 'b']
con.create_function('twice', 1, lambda v: v * 2)
assert con.execute('select twice(21)').fetchone()[0] == 42
class Total:
    def __init__(self): self.n = 0
    def step(self, v): self.n += v
    def finalize(self): return self.n
con.create_aggregate('total_of', 1, Total)
assert con.execute('select total_of(a) from t').fetchone()[0] == 45
try:
    con.execute('select * from missing')
except s.OperationalError:
    pass
else:
    raise AssertionError('no error')
class Cur(s.Cursor):
    pass
cur = con.cursor(Cur)
assert isinstance(cur, Cur) and cur.execute('select count(*) from t').fetchone()[0] == 10
assert issubclass(s.IntegrityError, s.DatabaseError)
con.close()
import gc; gc.collect()
