import attrnames

assert attrnames.qualname(dict.get) == 'dict.get'
assert attrnames.qualname(attrnames.qualname) == 'qualname'
assert attrnames.has_module(attrnames.qualname) is True
assert attrnames.has_module(1) is False
try:
    attrnames.qualname(1)
except AttributeError:
    pass
else:
    raise AssertionError('no AttributeError')
items = [1, 2, 3, 4]
assert attrnames.shrink(items, 2) == 2
assert items == [1, 2]
print("smoke ok")
