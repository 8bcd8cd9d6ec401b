import linebuf
s = linebuf.Splitter()
assert s.feed(b"ab\ncd") == [b"ab"]
assert s.feed(b"\nef\n") == [b"cd", b"ef"]
t = linebuf.Splitter()
t.feed(b"xy")
s.take(t)
assert s.feed(b"\n") == [b"xy"]
class Sub(linebuf.Splitter):
    pass
Sub().take(s)
assert linebuf.count_lines(b"a\nb\n") == 2
try:
    linebuf.count_lines(b"a\nb")
except linebuf.ParseError:
    pass
else:
    raise AssertionError("no ParseError")
assert issubclass(linebuf.ParseError, ValueError)
print("smoke ok")
