# Our own smoke test: the C persistent vector: build, set, append, slice, evolver, compare, a long chain.
import pvectorc

v = pvectorc.pvector(range(100))
assert len(v) == 100 and v[42] == 42 and v[-1] == 99
w = v.set(3, 'x').append('end')
assert w[3] == 'x' and w[-1] == 'end' and v[3] == 3
assert list(v[10:13]) == [10, 11, 12]
e = v.evolver()
e[0] = 'first'
e.append(100)
u = e.persistent()
assert u[0] == 'first' and len(u) == 101
assert pvectorc.pvector([1, 2]) == pvectorc.pvector([1, 2]) and hash(pvectorc.pvector([1])) == hash(pvectorc.pvector([1]))
big = pvectorc.pvector()
for i in range(5000):
    big = big.append(i)
assert sum(big) == sum(range(5000))
assert v.index(5) == 5 and v.count(7) == 1
assert v.delete(0)[0] == 1
