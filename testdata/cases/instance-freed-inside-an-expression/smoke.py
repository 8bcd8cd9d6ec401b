import gc
import spans
assert spans.make(3).count() == 3
for i in range(200):
    try:
        spans.make(-1)
    except ValueError:
        pass
    else:
        raise AssertionError("no error")
gc.collect()
assert spans.make(2).count() == 2
