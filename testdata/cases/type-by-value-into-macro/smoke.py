import gc

import dbdriver

c = dbdriver.connect()
assert type(c) is dbdriver.Connection
assert c.query() == 1
assert c.query() == 2
d = c.clone()
assert type(d) is dbdriver.Connection
assert d.query() == 1
c.close()
try:
    c.query()
except RuntimeError:
    pass
else:
    raise AssertionError("query on a closed connection")
del c, d
gc.collect()
print("smoke ok")
