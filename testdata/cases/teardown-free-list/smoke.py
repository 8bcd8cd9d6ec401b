import gc
import chunkbuf

live, spare = chunkbuf.stats()
b = chunkbuf.Buffer()
b.write(b"x" * 200)
assert b.getvalue() == b"x" * 200 and len(b.getvalue()) == 200
assert chunkbuf.stats()[0] == live + 1
del b
# 200 bytes took 4 chunks: the dealloc gave them to the pool.
live2, spare2 = chunkbuf.stats()
assert live2 == live and spare2 == spare + 4, (live, spare, live2, spare2)
c = chunkbuf.Buffer()
c.write(b"y" * 64)
assert chunkbuf.stats()[1] == spare2 - 1
c.reset()
assert chunkbuf.stats()[1] == spare2

# A subclass defined in Python: its objects find the module through the base type.
class Named(chunkbuf.Buffer):
    pass

n = Named()
n.write(b"z" * 10)
del n
assert chunkbuf.stats()[1] == spare2

# A cycle collected by the GC.
a = chunkbuf.Buffer()
a.write(b"a" * 100)
a.hold(a)
del a
gc.collect()
assert chunkbuf.stats() == (live + 1, spare2), chunkbuf.stats()

# Buffers that die with the module when the interpreter ends: one in a cycle with the module
# (the module's dict holds it, it holds the module), one of a subclass, one only the module holds.
keep = chunkbuf.Buffer()
keep.write(b"k" * 300)
keep.hold(chunkbuf)
chunkbuf.keep = keep
sub = Named()
sub.write(b"s" * 70)
sub.hold([chunkbuf, sub])
chunkbuf.sub = sub
chunkbuf.plain = chunkbuf.Buffer()
chunkbuf.plain.write(b"p" * 5000)
del keep, sub
print("smoke ok")
