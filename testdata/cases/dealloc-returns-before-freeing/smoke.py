import memo
calls = []
def square(k):
    calls.append(k)
    return k * k
c = memo.Cache(square)
assert c.get(3) == 9 and c.get(3) == 9 and c.get(4) == 16
assert calls == [3, 4] and c.misses() == 2
del c
for bad in [(), (1,)]:
    try:
        memo.Cache(*bad)
    except TypeError:
        pass
    else:
        raise AssertionError("Cache%r accepted" % (bad,))
print("smoke ok")
