import gc, io
import linesink

out = io.StringIO()
s = linesink.Sink(out)
for i in range(10):
    s.add("line %d\n" % i)
assert out.getvalue().count("\n") == 8
assert linesink.flushed() == 8
s.add("last\n")
del s
# The finalizer flushed the three pending lines.
assert out.getvalue().count("\n") == 11 and linesink.flushed() == 11, out.getvalue()

c = linesink.Sink(out)
c.close()
try:
    c.add("x\n")
except io.UnsupportedOperation as e:
    assert "closed" in str(e)
else:
    raise AssertionError("no error")

class Failing:
    def writelines(self, lines):
        raise OSError("disk full")

f = linesink.Sink(Failing())
f.add("lost\n")
try:
    f.flush()
except OSError:
    pass
else:
    raise AssertionError("no error")

class Sub(linesink.Sink):
    pass

# A subclass's sink flushes from the base dealloc; one in a cycle is cleared by the GC first.
sub = Sub(out)
sub.add("from a subclass\n")
del sub
assert out.getvalue().endswith("from a subclass\n"), out.getvalue()
cyc = Sub(out)
cyc.add("from a cycle\n")
cyc.me = cyc
del cyc
gc.collect()

# Sinks that die with the module when the interpreter ends, with lines pending (a failing
# target raises from the dealloc: reported as unraisable).

keep = Sub(Failing())
keep.add("at exit\n")
keep.cycle = [keep, linesink]
linesink.keep = keep
closed = linesink.Sink(io.StringIO())
closed.close()
linesink.closed = closed
del keep, closed
print("smoke ok")
