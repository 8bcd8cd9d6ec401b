import gc
import twins
# A converts: its dealloc is input.c's own obj_dealloc, not b.c's static function of the same name.
a = twins.A()
assert type(a).__flags__ & (1 << 9)
# B stays static (named only under #ifdef WITH_B) and never readied, as before: only made and freed.
b = twins.make_b()
del a, b
gc.collect()
