import tagapi, tagapi_aware
t = tagapi_aware.retag(tagapi.Tagged(21, "x"), "y")
assert type(t) is tagapi.Tagged and t.tag == "y" and t.value == 21
print("smoke ok")
