import gc
import handles

before = handles.finalized()
h = handles.Handle()
assert type(h) is handles.Handle and handles.Handle.__doc__.startswith("A handle")
del h
gc.collect()
assert handles.finalized() == before + 1, handles.finalized()
print("smoke ok")
