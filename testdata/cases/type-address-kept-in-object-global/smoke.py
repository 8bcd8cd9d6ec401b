import handles

cls = handles.handle_class()
assert cls is handles.Handle, (cls, handles.Handle)
h = handles.wrap(7)
assert type(h) is handles.Handle and h.fileno() == 7
assert handles.wrap(3).fileno() == 3
try:
    handles.wrap("x")
except TypeError:
    pass
else:
    raise AssertionError("a str was wrapped")
print("smoke ok")
