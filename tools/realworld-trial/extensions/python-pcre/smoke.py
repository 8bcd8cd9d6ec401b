# Our own smoke test: the C types directly and through the project's Python subclasses
# (search, groups, sub, split), the exceptions, the config and study.
import gc
import _pcre
import pcre

p = _pcre.Pattern(r'(?P<word>\w+)@(\d+)')
assert p.groups == 2 and p.groupindex == {'word': 1}
m = _pcre.Match(p, 'mail bob@42 now', 0, -1, 0)
assert m.group(0) == 'bob@42' and m.group('word') == 'bob' and m.span(2) == (9, 11)
assert m.groups() == ('bob', '42') and m.lastindex == 2
try:
    _pcre.Match(p, 'nothing here', 0, -1, 0)
except _pcre.NoMatch:
    pass
else:
    raise AssertionError('no NoMatch')
try:
    _pcre.Pattern('(unclosed')
except _pcre.PCREError as e:
    assert e.args
else:
    raise AssertionError('no PCREError')
assert issubclass(_pcre.PCREError, EnvironmentError)
cfg = _pcre.get_config()
assert isinstance(cfg['version'], str) and cfg['utf_8'] in (True, False)

rx = pcre.compile(r'(\d+)', pcre.IGNORECASE)
assert isinstance(rx, _pcre.Pattern)
assert rx.findall('a1 b22 c333') == ['1', '22', '333']
assert rx.sub('#', 'a1 b22') == 'a# b#'
assert pcre.split(r',\s*', 'x, y,z') == ['x', 'y', 'z']
mm = pcre.search(r'(?i)HELLO', 'say hello')
assert mm and mm.group() == 'hello' and mm.start() == 4
assert pcre.match('x', 'yx') is None
rx.study(0)
u = pcre.compile('é+', pcre.UNICODE)
assert u.search('caféé').group() == 'éé'
del p, m, rx, mm, u
gc.collect()
