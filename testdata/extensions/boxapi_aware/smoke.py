import boxapi, boxapi_aware
assert boxapi_aware.double(boxapi.Box(21)).get() == 42
assert type(boxapi_aware.double(boxapi.Box(1))) is boxapi.Box
print("smoke ok")
