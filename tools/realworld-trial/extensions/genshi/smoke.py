# Our own smoke test of the C Markup type.
from genshi._speedups import Markup
m = Markup('<b>%s</b>') % '<i>'
assert m == '<b>&lt;i&gt;</b>' and isinstance(m, Markup)
assert Markup.escape('"&"') == '&#34;&amp;&#34;'
assert Markup.escape('"', quotes=False) == '"'
assert Markup('<p>').join(['a<', 'b']) == 'a&lt;<p>b'
assert (Markup('x') + '<') == 'x&lt;' and ('<' + Markup('y')) == '&lt;y'
assert Markup('<a>&amp;</a>').unescape() == '<a>&</a>'
assert Markup('<a> b </a>').striptags().strip() == 'b'
assert Markup('&#34;&lt;').stripentities() == '"<'
assert (Markup('ab') * 2) == 'abab'
class M(Markup):
    pass
assert isinstance(M('q'), Markup)
assert repr(Markup('z')).startswith('<Markup')
