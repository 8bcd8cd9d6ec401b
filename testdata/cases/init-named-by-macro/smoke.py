import wordcount
assert wordcount.count("one two  three\n") == 3
assert wordcount.count("") == 0
assert wordcount.separators == " \t\n"
print("smoke ok")
