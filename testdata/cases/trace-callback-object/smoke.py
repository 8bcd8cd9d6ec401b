import linecount


def work(n):
    total = 0
    for i in range(n):
        total += i
    return total


t = linecount.Tracer()
t.start()
try:
    work(3)
finally:
    t.stop()
counts = t.counts
assert counts.get("work", 0) >= 4, counts
before = dict(counts)
work(5)
assert t.counts == before, "not tracing after stop"
p = linecount.Tracer()
p.profile_calls()
try:
    work(2)
    work(1)
finally:
    p.stop()
assert p.calls.count("work") == 2, p.calls
print("smoke ok")
