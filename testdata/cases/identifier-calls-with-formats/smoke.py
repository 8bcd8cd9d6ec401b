import adaptreg


class Joiner:
    def join(self, *parts):
        return "+".join(parts)


class Conforming:
    def __conform__(self, *protocol):
        return ("conformed", len(protocol))


assert adaptreg.shout("abc") == "ABC"
assert adaptreg.joined("-", "a", "b") == "a-b"
assert adaptreg.joined(Joiner(), "a", "b") == "a+b"
adaptreg.register(int, lambda n: n * 2)
assert adaptreg.adapt(21) == 42
assert adaptreg.adapt("x") == "x"
# "O" with a plain object passes it as the one argument
assert adaptreg.adapt(Conforming()) == ("conformed", 1)
print("smoke ok")
