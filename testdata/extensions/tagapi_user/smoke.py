import tagapi, tagapi_user
t = tagapi_user.retag(tagapi.Tagged(5, "a"), "b")
assert t.tag == "b" and t.value == 5 and tagapi_user.is_exact(t)
print("smoke ok")
