"""Benchmarks for isoclean (already isolated: the rewrite leaves it alone, so before and after
are the same code; see docs/cost.md)."""
import isoclean

t = isoclean.Tally()
t.feed("the cat and the hat, the end")


def tally_new():
    isoclean.Tally()


def feed():
    isoclean.Tally().feed("a b a")


def getitem():
    t["the"]


def most_common():
    t.most_common(1)


def feed_error():
    try:
        t.feed(b"bytes")
    except isoclean.TallyError:
        pass
