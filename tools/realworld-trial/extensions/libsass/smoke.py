# Our own smoke test: compile SCSS strings through the thin binding, errors as (False, message).
import _sass
styles = _sass.OUTPUT_STYLES
assert 'compressed' in styles and 'nested' in styles
ok, css = _sass.compile_string(b'a { b { color: red; } }', styles['compressed'], False, b'', 5,
                               [], False, None, False, False, False, None)
assert ok, css
assert css.strip() == b'a b{color:red}', css
ok, err = _sass.compile_string(b'a { color: ', styles['nested'], False, b'', 5,
                               [], False, None, False, False, False, None)
assert not ok and isinstance(err, bytes) and err
assert isinstance(_sass.libsass_version, str)
