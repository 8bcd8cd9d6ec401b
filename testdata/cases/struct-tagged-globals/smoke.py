import pooled

assert pooled.stats() == (0, 0, 0)
first = pooled.acquire()
assert pooled.acquire() == first
assert pooled.stats() == (2, 2, 1)
assert pooled.release() == 1
assert pooled.release() == 0
assert pooled.stats() == (0, 0, 1)
second = pooled.acquire()
assert second != first
assert pooled.release() == 0
print("ok")
