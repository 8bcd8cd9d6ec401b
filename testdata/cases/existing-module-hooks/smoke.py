import gc
import hooksmod
assert hooksmod.join(["a", "b"]) == "a, b"
assert hooksmod.key("ABC") == "abc"
gc.collect()
print("smoke ok")
