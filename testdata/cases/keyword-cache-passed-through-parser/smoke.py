import kwcache

assert kwcache.scale(3, 4) == 12
assert kwcache.scale(value=3, factor=5) == 15
assert kwcache.scale(2, factor=10) == 20
assert kwcache.label("x", prefix="<", suffix=">") == "<x>"
assert kwcache.label(text="y", prefix="[", suffix="]") == "[y]"
for bad in ({"nope": 1}, {"value": 1, "factor": 2, "extra": 3}):
    try:
        kwcache.scale(**bad)
    except TypeError:
        pass
    else:
        raise AssertionError("accepted %r" % (bad,))
try:
    kwcache.scale(1, value=2)
except TypeError:
    pass
else:
    raise AssertionError("value given twice")
print("smoke ok")
