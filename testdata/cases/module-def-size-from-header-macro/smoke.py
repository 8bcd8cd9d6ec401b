import nsdef
assert isinstance(nsdef.Thing(), nsdef.Thing)
