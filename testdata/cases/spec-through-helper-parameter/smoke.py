import box

E = box.BoxError


def raises(text, f, *a):
    try:
        f(*a)
    except E as e:
        assert str(e) == text, e
    else:
        raise AssertionError("no BoxError")


assert box.Box(3).check() == 3
raises("negative box", box.Box(-1).check)
raises("crate 7 is sealed", box.Crate(7).open)


class Sub(box.Box):
    pass


assert Sub(5).check() == 5
raises("negative box", Sub(-2).check)
