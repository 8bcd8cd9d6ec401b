import gc
import ring

r = ring.make()
assert r.size() == 0 and r.newest() is None
for i in range(50):
    r.add(str(i))
assert r.size() == 50
assert r.newest() == "49"
assert type(r).__name__ == "Ring"
gc.collect()
del r
gc.collect()


# A ring whose sentinel link cannot be made is freed without leaking a reference to its type.
try:
    import _testcapi
except ImportError:
    _testcapi = None
if _testcapi is not None and hasattr(_testcapi, "set_nomemory"):
    import sys
    Ring = type(ring.make())
    failed = 0
    before = sys.getrefcount(Ring)
    for start in range(8):
        _testcapi.set_nomemory(start, start + 1)
        try:
            ring.make()
        except MemoryError:
            failed += 1
        finally:
            _testcapi.remove_mem_hooks()
    gc.collect()
    assert failed >= 2, failed
    assert sys.getrefcount(Ring) == before, (sys.getrefcount(Ring), before)
print("smoke ok")
