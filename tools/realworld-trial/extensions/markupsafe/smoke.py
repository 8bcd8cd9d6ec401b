# Our own smoke test: the C escape functions on str, subclasses, objects with __html__, and non-str.
from markupsafe._speedups import escape, escape_silent, soft_str
import markupsafe

assert str(escape('<a href="x">&\'</a>')) == '&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;'
assert isinstance(escape('x'), markupsafe.Markup)
class H:
    def __html__(self):
        return '<b>ok</b>'
assert escape(H()) == '<b>ok</b>'
assert escape(42) == '42'
assert escape_silent(None) == ''
assert soft_str(markupsafe.Markup('<i>')) == '<i>'
assert str(escape('é' * 100 + '<')).endswith('&lt;')
class S(str):
    pass
assert escape(S('<')) == '&lt;'
