import seqguard

p = seqguard.make_pair(1, "x")
assert isinstance(p, seqguard.pair)
assert (p.left, p.right) == (1, "x") and tuple(p) == (1, "x")
s = seqguard.make_span(3, 9)
assert isinstance(s, seqguard.span) and s.stop - s.start == 6
assert seqguard.pair is not seqguard.span
assert type(seqguard.make_pair(0, 0)) is seqguard.pair
