import boxapi, boxapi_user
assert boxapi_user.double(boxapi.make(21)).get() == 42
print("smoke ok")
