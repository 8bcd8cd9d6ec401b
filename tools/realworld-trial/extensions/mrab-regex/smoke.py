# Our own smoke test: the regex package over the converted _regex, fuzzy matching, errors, gc.
import gc, importlib.util, sys, types
spec = importlib.util.find_spec('regex_3')  # finds the package without running its __init__
pkg = types.ModuleType('regex')
pkg.__path__ = list(spec.submodule_search_locations)
sys.modules['regex'] = pkg
import regex.regex as regex
m = regex.match(r'(?P<word>\w+)\s+(\d+)', 'hello 42 world')
assert m.group('word') == 'hello' and m.group(2) == '42' and m.span() == (0, 8)
assert regex.findall(r'\p{Lu}\w+', 'Alpha beta Gamma') == ['Alpha', 'Gamma']
assert regex.sub(r'(\d)', r'<\1>', 'a1b22') == 'a<1>b<2><2>'
assert regex.search(r'(?:colour){e<=1}', 'my color').group() == 'color'
assert regex.split(r',\s*', 'a, b,c') == ['a', 'b', 'c']
p = regex.compile(r'(?i)straße')
assert p.fullmatch('STRASSE') is None or p.fullmatch('STRASSE')
assert [x.group() for x in regex.finditer(r'\d+', '1 22 333')] == ['1', '22', '333']
s = regex.compile(r'\w+').scanner('ab cd')
assert s.match().group() == 'ab'
try:
    regex.compile(r'(unclosed')
except regex.error:
    pass
else:
    raise AssertionError('regex.error expected')
del m, p, s
gc.collect()
