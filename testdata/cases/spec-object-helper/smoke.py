import streamsess

S, E = streamsess.Session, streamsess.SessionError
s = S(64)
assert s.feed(b"abc") == 61
assert s.feed(b"") == 61
s.reset()
assert s.feed(b"x" * 64) == 0


def raises(text, f, *a):
    try:
        f(*a)
    except E as e:
        assert str(e) == text, e
    else:
        raise AssertionError("no SessionError")


raises("window is full", s.feed, b"y")
s.window = 8
raises("window 8 is out of range 16..4096", s.reset)
raises("unknown format 3", S(32, 3).feed, b"")


class Sub(S):
    pass


t = Sub(20)
assert t.feed(b"12345") == 15
t.window = 5000
raises("window 5000 is out of range 16..4096", t.reset)
print("smoke ok")
