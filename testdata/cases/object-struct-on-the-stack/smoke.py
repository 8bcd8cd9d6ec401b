import accum

E = accum.AccError


def raises(text, f, *a):
    try:
        f(*a)
    except E as e:
        assert str(e) == text, e
    else:
        raise AssertionError("no AccError")


assert accum.sum_to([1, 2, 3], 10) == 6
raises("over the limit 5", accum.sum_to, [4, 4], 5)
a = accum.Acc(7)
assert a.add(3) == 3 and a.add(4) == 7
raises("over the limit 7", a.add, 1)


class Sub(accum.Acc):
    pass


raises("over the limit 2", Sub(2).add, 3)
