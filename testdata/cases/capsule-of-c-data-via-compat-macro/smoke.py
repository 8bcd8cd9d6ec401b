import gc
import sys

import codecmod
assert codecmod.label(codecmod.DEFAULT) == "default/3"
assert codecmod.label(codecmod.SPARE) == "spare/7"
kept_default, kept_spare = codecmod.DEFAULT, codecmod.SPARE

# Drop the module (and a module state, if the data had moved there), fill the freed memory, import again.
del sys.modules["codecmod"]
del codecmod
gc.collect()
filler = [bytearray(b"\xab" * 24) for _ in range(20000)] + [[n, -n] for n in range(20000)]

import codecmod as again
assert again.label(again.DEFAULT) == "default/3"
# The capsules of the first import still point at live data.
got = again.label(kept_default), again.label(kept_spare)
assert got == ("default/3", "spare/7"), "capsules of the first import now read %r" % (got,)
print("smoke ok")
