import gc
import tagapi
t = tagapi.tag([1, 2], "list")
assert type(t) is tagapi.Tagged and t.tag == "list" and t.value == [1, 2]
assert tagapi.untag(tagapi.Tagged(7, "seven")) == 7
assert repr(tagapi.Tagged(1, "one")) == "<one: 1>"
try:
    tagapi.untag(3)
except TypeError:
    pass
else:
    raise AssertionError("TypeError expected")
class Sub(tagapi.Tagged):
    pass
assert tagapi.untag(Sub("x", "sub")) == "x"
gc.collect()
print("smoke ok")
