import gc
import twins
b = twins.make_b()
B = type(b)
# B, never readied and defined in b.c (whose make_b the method table names), is a heap type of this module now.
assert B.__flags__ & (1 << 9) and B.__name__ == "B" and B.__module__ == "twins"
a = twins.A()
assert type(a).__flags__ & (1 << 9) and type(a) is not B
del a, b
gc.collect()
