import gc
import tokens

w = tokens.Word("abc")
assert str(w) == "abc" and type(w).__name__ == "Word"
assert str(tokens.Number("42")) == "42"
assert str(tokens.Space(" ")) == " " and str(tokens.Space()) == ""
assert tokens.kinds() == ("Word", "Number", "Space")
assert type(w) is tokens.Word and tokens.Word is not tokens.Number
del w
gc.collect()
print("smoke ok")
