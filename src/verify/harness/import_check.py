"""pyext-isolate verify harness: runs ONE load check of a built extension module and exits.

Standard library only; the syntax stays valid on Python 3.6+ (the checks themselves need 3.9+).
The Node side (src/verify/load.ts) starts one process per check, with a timeout, so that a crash
(a signal) is reported by the parent instead of taking the tool down.

    python -X faulthandler import_check.py CHECK --module NAME --path DIR --so FILE --scratch DIR [--smoke FILE]

CHECK is one of: main, subinterp, two-instances, smoke, teardown, error-paths.

Protocol on stdout: lines starting with MARK. `step <json str>` says what is about to happen (so a
crash can be located); `result <json obj>` is the check's outcome and is written BEFORE the
interpreter finalizes, so a crash after it is a crash in teardown. Everything else on stdout/stderr
(the module's own output, faulthandler's dump) is passed through to the report as context.

Result objects: {"status": ..., "reason": str, ...}; status values per check are documented in
src/verify/load.ts.

Subinterpreter APIs used (checked against the interpreter at hand, never assumed):
  3.13+  _interpreters.create('isolated' | 'legacy'), run_string(id, code) -> None | excinfo
         (excinfo.formatted is the one-line error), destroy(id).
  3.12   _testcapi.run_in_subinterp_with_config(code, **config) for the single isolated import: every
         keyword is required and the set changed between patch releases (3.12.0 own_gil=bool,
         3.12.1 gil=int where 2 = own GIL), so the accepted set is discovered at run time.
         _xxsubinterpreters.create(isolated=True|False) for interpreters that must stay alive together.
  <3.12  no own GIL: subinterp is n/a; _xxsubinterpreters.create() (legacy, shared GIL and obmalloc)
         still gives two live interpreters for the two-instances check.

The two-instances check (what it can and cannot see):
  It imports the module twice in the main interpreter (import; del sys.modules[name]; import) and
  once in each of two subinterpreters that are alive AT THE SAME TIME (isolated when the module
  loads there, else legacy), then compares id()s of the module's objects between all four
  instances: its attributes, one level below them (a type's bases, an object's class, a container's
  items) and whatever the smoke script's state_probe() returns. While all instances are alive an
  equal id() means the same object, i.e. state shared between module instances. Left out as shared
  by design: None/bool/int/float/complex/str/bytes and tuples/frozensets of them, objects reachable
  from builtins or from any other loaded module, static types that are not the extension's own.
  Independently, any object whose address lies inside the extension's own mapped image (Linux
  /proc/self/maps) is reported as a C static.
  It cannot see: C globals that never reach Python through the module's attributes or
  state_probe() (counters, caches, a global overwritten by each exec so every instance shows its
  own object while the C code uses the last one), sharing that shows only in behaviour, or objects
  deeper than one level. state_probe() and the smoke script are the way to expose those.
"""
import argparse
import ast
import gc
import json
import os
import re
import sys
import traceback

MARK = '@@pyext-isolate@@ '
REFUSED_TEXT = 'does not support loading in subinterpreters'


def emit(kind, payload):
    sys.stdout.write(MARK + kind + ' ' + json.dumps(payload) + '\n')
    sys.stdout.flush()


def step(text):
    emit('step', text)


def one_line(exc_type, msg):
    msg = (msg or '').strip().splitlines()
    return exc_type + (': ' + msg[0] if msg else '')


# ---------------------------------------------------------------------------------------------
# Code shared by the main interpreter and every subinterpreter (exec'd in both).
# ---------------------------------------------------------------------------------------------
HELPERS = r'''
import sys as _sys

_PYEXT_HEAPTYPE = 1 << 9


def _pyext_trivial(v, depth=0):
    """Values that are immutable or immortal, or shared by design: never evidence of shared state."""
    if v is None or v is Ellipsis or v is NotImplemented:
        return True
    if type(v) in (bool, int, float, complex, str, bytes):
        return True
    if type(v) in (tuple, frozenset) and depth < 4:
        return all(_pyext_trivial(x, depth + 1) for x in v)
    return False


def _pyext_image_ranges(so_path):
    """Address ranges where the extension's shared object is mapped (Linux /proc/self/maps)."""
    ranges = []
    try:
        import os
        real = os.path.realpath(so_path)
        with open('/proc/self/maps') as f:
            for line in f:
                parts = line.split(None, 5)
                if len(parts) == 6 and parts[5].strip() == real:
                    lo, hi = parts[0].split('-')
                    ranges.append((int(lo, 16), int(hi, 16)))
    except Exception:
        return None
    return ranges


def _pyext_foreign_ids(modname):
    """ids of everything directly reachable from builtins and from every OTHER loaded module."""
    import builtins
    ids = set()
    for v in list(vars(builtins).values()):
        ids.add(id(v))
    for name, m in list(_sys.modules.items()):
        if m is None or name == modname or name.startswith(modname + '.'):
            continue
        try:
            ns = vars(m)
        except TypeError:
            continue
        for v in list(ns.values()):
            ids.add(id(v))
    return ids


def _pyext_describe(v):
    if isinstance(v, type):
        return 'type %s.%s' % (getattr(v, '__module__', '?'), getattr(v, '__qualname__', v.__name__))
    if isinstance(v, type(_sys)):
        return 'module ' + v.__name__
    t = type(v)
    return '%s.%s object' % (getattr(t, '__module__', '?'), getattr(t, '__qualname__', t.__name__))


def _pyext_identities(mod, modname, so_path, extra=None):
    """label -> [id, description, static] for the module's non-trivial objects.

    Depth 0: the module's attributes (and the values returned by the smoke script's state_probe()).
    Depth 1: a type's bases, an object's class, a container's items.
    `static` is True when the object lives inside the extension's own image (a C static).
    """
    foreign = _pyext_foreign_ids(modname)
    ranges = _pyext_image_ranges(so_path)
    out = {}

    def core_static_type(t):
        # a static type that is not the extension's own: the interpreter's or another module's
        if not isinstance(t, type) or (t.__flags__ & _PYEXT_HEAPTYPE):
            return False
        if ranges is not None:
            return not any(lo <= id(t) < hi for lo, hi in ranges)
        return t.__module__ == 'builtins'

    seen = set()

    def record(label, v, depth):
        """Records v under label; False when it is not to be recorded (trivial, foreign, seen)."""
        if label in out or id(v) in seen or _pyext_trivial(v) or id(v) in foreign:
            return False
        if depth > 0 and core_static_type(v):
            return False
        seen.add(id(v))
        static = bool(ranges) and any(lo <= id(v) < hi for lo, hi in ranges)
        out[label] = [id(v), _pyext_describe(v), static]
        return True

    def expand(label, v):
        if isinstance(v, type(_sys)):
            return
        if isinstance(v, type):
            for b in v.__mro__[1:]:
                record('%s.__mro__[%s]' % (label, b.__name__), b, 1)
            return
        record(label + '.__class__', type(v), 1)
        if type(v) in (list, tuple, set, frozenset):
            for i, x in enumerate(list(v)[:64]):
                record('%s[%d]' % (label, i), x, 1)
        elif type(v) is dict:
            for k, x in list(v.items())[:64]:
                record('%s[%r]' % (label, k), x, 1)

    top = []
    ns = vars(mod)
    for name in sorted(ns):
        if name in ('__loader__', '__spec__', '__builtins__'):
            continue
        top.append((name, ns[name]))
    for i, v in enumerate(extra or ()):
        top.append(('state_probe()[%d]' % i, v))
    # every top-level object first (so a type is named by its attribute, not as another's base)
    kept = [(label, v) for label, v in top if record(label, v, 0)]
    for label, v in kept:
        expand(label, v)
    return out


def _pyext_import(modname, path):
    import importlib
    if path not in _sys.path:
        _sys.path.insert(0, path)
    return importlib.import_module(modname)


def _pyext_run_smoke(smoke_path, run_name):
    # Run it as a real module registered under run_name, so that classes it defines can be
    # found again by name (pickle looks them up as <run_name>.<qualname>).
    import types
    with open(smoke_path) as f:
        src = f.read()
    mod = types.ModuleType(run_name)
    mod.__file__ = smoke_path
    saved = _sys.modules.get(run_name)
    _sys.modules[run_name] = mod
    try:
        exec(compile(src, smoke_path, 'exec'), mod.__dict__)
    finally:
        if saved is not None:
            _sys.modules[run_name] = saved
        else:
            _sys.modules.pop(run_name, None)
    return mod.__dict__


def _pyext_probe_values(smoke_path):
    ns = _pyext_run_smoke(smoke_path, '__pyext_isolate_probe__')
    vals = ns['state_probe']()
    return list(vals) if vals is not None else []
'''

exec(HELPERS)  # the main interpreter gets the same helpers as the subinterpreters

# Template for code run inside a subinterpreter. The result goes to a file as a Python literal
# (no json/pickle needed there: their accelerators might refuse to load in an isolated interpreter).
SUB_TEMPLATE = r'''
_pyext_r = {}
try:
%(body)s
except BaseException as _pyext_e:
    import traceback as _pyext_tb
    _pyext_r['error'] = type(_pyext_e).__name__
    _pyext_r['message'] = str(_pyext_e)
    _pyext_r['traceback'] = _pyext_tb.format_exc()
with open(%(out)r, 'w') as _pyext_f:
    _pyext_f.write(repr(_pyext_r))
'''


def indent(code, prefix='    '):
    return ''.join(prefix + line if line.strip() else line for line in code.splitlines(True))


def sub_code(body, out):
    return HELPERS + SUB_TEMPLATE % {'body': indent(body), 'out': out}


# ---------------------------------------------------------------------------------------------
# Subinterpreter backends
# ---------------------------------------------------------------------------------------------
class Unavailable(Exception):
    pass


def probe_create(backend):
    """Creates and destroys one interpreter, so an API whose signature differs is Unavailable, not a crash."""
    try:
        iid = backend._create()
    except Exception as e:
        raise Unavailable('%s: %s' % (backend.name, one_line(type(e).__name__, str(e))))
    backend._destroy(iid)


class Interp(object):
    """A live subinterpreter (create, run many times, destroy)."""

    def __init__(self, backend):
        self.backend = backend
        self.id = backend._create()

    def run(self, code):
        """Runs code; returns None or a one-line error (our code catches its own errors)."""
        return self.backend._run(self.id, code)

    def close(self):
        if self.id is not None:
            self.backend._destroy(self.id)
            self.id = None


class InterpretersBackend(object):
    """3.13+: _interpreters.create('isolated'|'legacy'); run_string returns None or an excinfo."""

    def __init__(self, isolated):
        try:
            import _interpreters
        except ImportError:
            raise Unavailable('no _interpreters module')
        self.mod = _interpreters
        self.config = 'isolated' if isolated else 'legacy'
        self.isolated = isolated
        self.name = "_interpreters.create(%r)" % self.config
        self.runner = getattr(_interpreters, 'run_string', None) or getattr(_interpreters, 'exec', None)
        if self.runner is None:
            raise Unavailable('_interpreters has neither run_string nor exec')
        probe_create(self)

    def _create(self):
        return self.mod.create(self.config)

    def _run(self, iid, code):
        r = self.runner(iid, code)
        if r is None:
            return None
        return getattr(r, 'formatted', None) or repr(r)

    def _destroy(self, iid):
        self.mod.destroy(iid)

    def open(self):
        return Interp(self)


class XXSubinterpretersBackend(object):
    """3.12: _xxsubinterpreters.create(isolated=True|False); below 3.12: create() (legacy, shared GIL)."""

    def __init__(self, isolated):
        try:
            import _xxsubinterpreters
        except ImportError:
            raise Unavailable('no _xxsubinterpreters module')
        self.mod = _xxsubinterpreters
        self.isolated = isolated
        if sys.version_info >= (3, 12):
            self.kw = {'isolated': bool(isolated)}
            self.name = '_xxsubinterpreters.create(isolated=%s)' % bool(isolated)
        else:
            if isolated:
                raise Unavailable('no own-GIL subinterpreters before 3.12')
            self.kw = {}
            self.name = '_xxsubinterpreters.create() (legacy, shared GIL)'
        probe_create(self)

    def _create(self):
        return self.mod.create(**self.kw)

    def _run(self, iid, code):
        try:
            self.mod.run_string(iid, code)
        except Exception as e:  # RunFailedError
            return one_line(type(e).__name__, str(e))
        return None

    def _destroy(self, iid):
        self.mod.destroy(iid)

    def open(self):
        return Interp(self)


class TestCapiOneShot(object):
    """3.12: _testcapi.run_in_subinterp_with_config(code, **config): create, run, destroy in one call.

    The keyword set changed between patch releases (3.12.0: own_gil=bool; 3.12.1: gil=int, 2 = own
    GIL; every keyword required), so the accepted set is found at run time: the text signature when
    there is one, else by trying the known sets and reading the TypeError messages.
    """

    COMMON = dict(use_main_obmalloc=False, allow_fork=False, allow_exec=False, allow_threads=True,
                  allow_daemon_threads=False, check_multi_interp_extensions=True)
    CANDIDATES = (dict(COMMON, gil=2), dict(COMMON, own_gil=True))

    def __init__(self):
        try:
            import _testcapi
        except ImportError:
            raise Unavailable('no _testcapi module')
        f = getattr(_testcapi, 'run_in_subinterp_with_config', None)
        if f is None:
            raise Unavailable('_testcapi has no run_in_subinterp_with_config')
        self.f = f
        self.kw = self._discover()
        self.isolated = True
        shown = [k for k in ('gil', 'own_gil', 'use_main_obmalloc', 'check_multi_interp_extensions') if k in self.kw]
        self.name = '_testcapi.run_in_subinterp_with_config(%s)' % ', '.join(
            '%s=%r' % (k, self.kw[k]) for k in shown)

    def _discover(self):
        sig = getattr(self.f, '__text_signature__', None)
        candidates = [dict(c) for c in self.CANDIDATES]
        if sig:
            names = set(re.findall(r'(\w+)\s*=', sig)) | set(re.findall(r'[(,*]\s*(\w+)', sig))
            candidates = [dict((k, v) for k, v in c.items() if k in names) for c in candidates]
        errors = []
        for kw in candidates:
            known = dict(kw)
            for _ in range(16):
                try:
                    rc = self.f('pass', **kw)
                except TypeError as e:
                    msg = str(e)
                    m = (re.search(r"'(\w+)' is an invalid keyword argument", msg)
                         or re.search(r"unexpected keyword argument '(\w+)'", msg))
                    if m and m.group(1) in kw:
                        del kw[m.group(1)]
                        continue
                    m = re.search(r"missing required (?:keyword-only )?argument '(\w+)'", msg)
                    if m and m.group(1) in known and m.group(1) not in kw:
                        kw[m.group(1)] = known[m.group(1)]
                        continue
                    errors.append(msg)
                    break
                except Exception as e:
                    errors.append(one_line(type(e).__name__, str(e)))
                    break
                if rc not in (0, None):
                    errors.append('probe run returned %r' % (rc,))
                    break
                if 'gil' not in kw and 'own_gil' not in kw:
                    errors.append('signature accepts no GIL setting (%s)' % ', '.join(sorted(kw)))
                    break
                return kw
        raise Unavailable('cannot call run_in_subinterp_with_config with an own-GIL config: ' + '; '.join(errors))

    def run_once(self, code):
        rc = self.f(code, **self.kw)
        return None if rc in (0, None) else 'returned %r' % (rc,)


def isolated_backend(persistent):
    """The own-GIL, strict-extension-check backend for this Python, or raise Unavailable."""
    if sys.version_info < (3, 12):
        raise Unavailable('no per-interpreter GIL before 3.12')
    errors = []
    kinds = ([InterpretersBackend, XXSubinterpretersBackend] if persistent
             else [InterpretersBackend, TestCapiOneShot, XXSubinterpretersBackend])
    if sys.version_info[:2] == (3, 12) and not persistent:
        kinds = [TestCapiOneShot, XXSubinterpretersBackend]
    for kind in kinds:
        try:
            return kind(True) if kind is not TestCapiOneShot else kind()
        except Unavailable as e:
            errors.append(str(e))
    raise Unavailable('no isolated subinterpreter API: ' + '; '.join(errors))


def legacy_backend():
    errors = []
    for kind in (InterpretersBackend, XXSubinterpretersBackend):
        try:
            return kind(False)
        except Unavailable as e:
            errors.append(str(e))
    raise Unavailable('no subinterpreter API: ' + '; '.join(errors))


# ---------------------------------------------------------------------------------------------
# Running module code in a subinterpreter
# ---------------------------------------------------------------------------------------------
class Ctx(object):
    def __init__(self, args):
        self.module = args.module
        self.path = args.path
        self.so = args.so
        self.smoke = args.smoke
        self.scratch = args.scratch
        self.shared_gil = getattr(args, 'shared_gil', False)
        self.counter = 0

    def out_file(self):
        self.counter += 1
        return os.path.join(self.scratch, 'sub%d.txt' % self.counter)


def read_sub_result(path, run_error):
    try:
        with open(path) as f:
            return ast.literal_eval(f.read())
    except (IOError, OSError, ValueError, SyntaxError):
        return {'error': 'HarnessError', 'message': 'subinterpreter wrote no result' +
                (' (%s)' % run_error if run_error else '')}


def in_sub(ctx, runner, body):
    """runner: an Interp (persistent) or a TestCapiOneShot. Returns the result dict."""
    out = ctx.out_file()
    code = sub_code(body, out)
    if isinstance(runner, TestCapiOneShot):
        err = runner.run_once(code)
    else:
        err = runner.run(code)
    return read_sub_result(out, err)


def body_import(ctx):
    return ('_pyext_m = _pyext_import(%r, %r)\n'
            "_pyext_r['file'] = getattr(_pyext_m, '__file__', None)\n" % (ctx.module, ctx.path))


def body_identities(ctx, probe):
    b = body_import(ctx)
    if probe:
        b += '_pyext_extra = _pyext_probe_values(%r)\n' % ctx.smoke
    else:
        b += '_pyext_extra = None\n'
    b += "_pyext_r['ids'] = _pyext_identities(_pyext_m, %r, %r, _pyext_extra)\n" % (ctx.module, ctx.so)
    return b


def is_refusal(r):
    return r.get('error') == 'ImportError' and REFUSED_TEXT in r.get('message', '')


def err_text(r):
    return one_line(r.get('error', 'Error'), r.get('message', ''))


def has_state_probe(smoke):
    if not smoke:
        return False
    try:
        with open(smoke) as f:
            tree = ast.parse(f.read(), smoke)
    except Exception:
        return False
    return any(isinstance(n, ast.FunctionDef) and n.name == 'state_probe' for n in tree.body)


def import_main(ctx):
    if ctx.path not in sys.path:
        sys.path.insert(0, ctx.path)
    import importlib
    return importlib.import_module(ctx.module)


def check_file(ctx, f):
    if f is None:
        return None
    if os.path.realpath(f) != os.path.realpath(ctx.so):
        return 'imported %s instead of the build under test %s' % (f, ctx.so)
    return None


# ---------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------
def check_main(ctx):
    step('import %s in the main interpreter' % ctx.module)
    try:
        m = import_main(ctx)
    except BaseException as e:
        return {'status': 'fail', 'reason': one_line(type(e).__name__, str(e)),
                'traceback': traceback.format_exc()}
    wrong = check_file(ctx, getattr(m, '__file__', None))
    if wrong:
        return {'status': 'fail', 'reason': wrong}
    step('gc.collect() after import')
    gc.collect()
    return {'status': 'ok', 'reason': '', 'attributes': sorted(k for k in vars(m) if not k.startswith('__'))}


def check_subinterp(ctx):
    try:
        runner = isolated_backend(persistent=False)
    except Unavailable as e:
        if sys.version_info < (3, 12):
            return {'status': 'n/a', 'reason': str(e)}
        return {'status': 'fail', 'reason': str(e)}
    step('import %s in an isolated subinterpreter via %s' % (ctx.module, runner.name))
    if isinstance(runner, TestCapiOneShot):
        r = in_sub(ctx, runner, body_import(ctx) + 'import gc as _pyext_gc\n_pyext_gc.collect()\n')
    else:
        interp = runner.open()
        try:
            r = in_sub(ctx, interp, body_import(ctx) + 'import gc as _pyext_gc\n_pyext_gc.collect()\n')
            step('destroy the subinterpreter')
        finally:
            interp.close()
    base = {'api': runner.name}
    if 'error' in r:
        base.update(status='refused' if is_refusal(r) else 'fail', reason=err_text(r),
                    traceback=r.get('traceback', ''))
        return base
    wrong = check_file(ctx, r.get('file'))
    if wrong:
        base.update(status='fail', reason=wrong)
        return base
    base.update(status='ok', reason='')
    return base


def compare(instances):
    """instances: [(name, ids)]. Returns (shared, static): lists of human-readable findings."""
    shared = []
    labels = sorted(set().union(*[set(ids) for _, ids in instances])) if instances else []
    for label in labels:
        by_id = {}
        for name, ids in instances:
            if label in ids:
                by_id.setdefault(ids[label][0], []).append((name, ids[label][1]))
        for group in by_id.values():
            if len(group) > 1:
                shared.append('%s (%s) is the same object in %s' % (
                    label, group[0][1], ', '.join(n for n, _ in group)))
                break
    static = {}
    for name, ids in instances:
        for label, (_, desc, is_static) in sorted(ids.items()):
            if is_static and label not in static:
                static[label] = '%s (%s) is a C static inside the extension image' % (label, desc)
    return shared, [static[k] for k in sorted(static)]


def check_two_instances(ctx):
    probe = has_state_probe(ctx.smoke)
    notes = []
    instances = []
    # Part A: two module objects in the main interpreter (import; del sys.modules[name]; import again).
    step('import %s twice in the main interpreter' % ctx.module)
    try:
        m1 = import_main(ctx)
        ids1 = _pyext_identities(m1, ctx.module, ctx.so, _pyext_probe_values(ctx.smoke) if probe else None)
        del sys.modules[ctx.module]
        m2 = import_main(ctx)
        ids2 = _pyext_identities(m2, ctx.module, ctx.so, _pyext_probe_values(ctx.smoke) if probe else None)
    except BaseException as e:
        return {'status': 'fail', 'reason': 'main interpreter: ' + one_line(type(e).__name__, str(e)),
                'traceback': traceback.format_exc()}
    instances.append(('main#1', ids1))
    instances.append(('main#2', ids2))
    if m1 is m2:
        notes.append('re-import returned the same module object')

    # Part B: two subinterpreters alive at the same time (isolated when possible, else legacy).
    backend = None
    why = []
    try:
        backend = isolated_backend(persistent=True)
    except Unavailable as e:
        why.append(str(e))
    kind = 'isolated'
    subs = []
    results = []
    try:
        if backend is not None:
            step('import %s in isolated subinterpreter #1 via %s' % (ctx.module, backend.name))
            subs.append(backend.open())
            r = in_sub(ctx, subs[0], body_identities(ctx, probe))
            if is_refusal(r):
                why.append('isolated subinterpreters refuse the module')
                subs.pop().close()
                backend = None
            else:
                results.append(r)
        if backend is None:
            try:
                backend = legacy_backend()
                kind = 'legacy'
            except Unavailable as e:
                why.append(str(e))
        if backend is not None:
            while len(results) < 2:
                n = len(results) + 1
                step('import %s in %s subinterpreter #%d via %s' % (ctx.module, kind, n, backend.name))
                subs.append(backend.open())
                results.append(in_sub(ctx, subs[-1], body_identities(ctx, probe)))
            for n, r in enumerate(results, 1):
                if 'error' in r:
                    return {'status': 'fail', 'reason': '%s subinterpreter #%d: %s' % (kind, n, err_text(r)),
                            'traceback': r.get('traceback', '')}
                instances.append(('%s subinterpreter #%d' % (kind, n), r['ids']))
            notes.append('compared 2 module objects in the main interpreter and 2 in %s subinterpreters alive at once (%s)'
                         % (kind, backend.name))
            if why and sys.version_info >= (3, 12):
                notes.append('; '.join(why))
        else:
            notes.append('compared two module objects in the main interpreter only: ' + '; '.join(why))
        step('destroy the subinterpreters')
        while subs:
            subs.pop().close()
    finally:
        for s in subs:
            try:
                s.close()
            except Exception:
                pass
    shared, static = compare(instances)
    if probe:
        notes.append('state_probe() values included')
    notes.append('%d objects per instance compared' % max(len(ids) for _, ids in instances))
    if shared or static:
        return {'status': 'shared', 'reason': '; '.join((shared + static)[:6]) +
                (' (+%d more)' % (len(shared) + len(static) - 6) if len(shared) + len(static) > 6 else ''),
                'shared': shared, 'static': static, 'notes': notes, 'kind': kind}
    return {'status': 'ok', 'reason': '; '.join(notes), 'notes': notes, 'kind': kind}


def check_smoke(ctx):
    if not ctx.smoke:
        return {'status': 'skipped', 'reason': 'no smoke script'}
    step('run the smoke script in the main interpreter')
    if ctx.path not in sys.path:
        sys.path.insert(0, ctx.path)
    try:
        _pyext_run_smoke(ctx.smoke, '__main__')
    except BaseException as e:
        if isinstance(e, SystemExit) and e.code in (None, 0):
            pass
        else:
            return {'status': 'fail', 'reason': 'main interpreter: ' + one_line(type(e).__name__, str(e)),
                    'traceback': traceback.format_exc()}
    sys.stdout.flush()
    try:
        backend = isolated_backend(persistent=True)
    except Unavailable as e:
        try:
            backend = isolated_backend(persistent=False)
        except Unavailable:
            return {'status': 'ok', 'reason': 'main interpreter only (%s)' % e}
    body = body_import(ctx) + (
        'try:\n'
        '    _pyext_run_smoke(%r, "__main__")\n'
        'except SystemExit as _pyext_x:\n'
        '    if _pyext_x.code not in (None, 0): raise\n'
        'import sys as _pyext_s\n_pyext_s.stdout.flush()\n' % ctx.smoke)
    r = smoke_in_subs(ctx, backend, body, 'isolated')
    if r is not None and r.get('refused'):
        if not ctx.shared_gil:
            return {'status': 'ok', 'reason': 'main interpreter only (isolated subinterpreters refuse the module)'}
        # Declared shared-GIL only on this version: the subinterpreters it does claim must work.
        try:
            legacy = legacy_backend()
        except Unavailable as e:
            return {'status': 'ok', 'reason': 'main interpreter only (isolated subinterpreters refuse the module; %s)' % e}
        r = smoke_in_subs(ctx, legacy, body, 'legacy')
        if r is None:
            return {'status': 'ok', 'reason': 'main interpreter and two legacy subinterpreters (isolated ones refuse the module, as it declares)'}
        if r.get('refused'):
            return {'status': 'fail', 'reason': 'legacy subinterpreter: %s (the module declares shared-GIL support)' % r['reason']}
    if r is not None:
        return r
    return {'status': 'ok', 'reason': 'main interpreter and two isolated subinterpreters'}


def smoke_in_subs(ctx, backend, body, kind):
    """The smoke body in two subinterpreters of backend: None when both passed, else a fail result
    (with 'refused': True when the import was refused)."""
    subs = []
    try:
        for n in (1, 2):
            step('run the smoke script in %s subinterpreter #%d via %s' % (kind, n, backend.name))
            if isinstance(backend, TestCapiOneShot):
                r = in_sub(ctx, backend, body)
            else:
                subs.append(backend.open())
                r = in_sub(ctx, subs[-1], body)
            if 'error' in r:
                if is_refusal(r):
                    return {'status': 'fail', 'refused': True, 'reason': err_text(r)}
                return {'status': 'fail', 'reason': '%s subinterpreter #%d: %s' % (kind, n, err_text(r)),
                        'traceback': r.get('traceback', '')}
        step('destroy the subinterpreters')
        while subs:
            subs.pop().close()
    finally:
        for s in subs:
            try:
                s.close()
            except Exception:
                pass
    return None


def check_teardown(ctx):
    import weakref
    notes = []
    step('import %s in the main interpreter' % ctx.module)
    try:
        m = import_main(ctx)
    except BaseException as e:
        return {'status': 'fail', 'reason': one_line(type(e).__name__, str(e))}
    try:
        backend = isolated_backend(persistent=True)
    except Unavailable:
        backend = None
        try:
            backend = legacy_backend()
        except Unavailable as e:
            notes.append(str(e))
    if backend is not None:
        interp = None
        try:
            step('import %s in a subinterpreter via %s, gc.collect() there' % (ctx.module, backend.name))
            interp = backend.open()
            r = in_sub(ctx, interp, body_import(ctx) + 'import gc as _pyext_gc\ndel _pyext_m\n_pyext_gc.collect()\n')
            if 'error' in r and not is_refusal(r):
                notes.append('subinterpreter import failed: ' + err_text(r))
            step('destroy the subinterpreter (%s)' % backend.name)
            interp.close()
            interp = None
            notes.append('subinterpreter destroyed')
        finally:
            if interp is not None:
                try:
                    interp.close()
                except Exception:
                    pass
    step('drop %s from sys.modules and gc.collect()' % ctx.module)
    ref = None
    try:
        ref = weakref.ref(m)
    except TypeError:
        pass
    del sys.modules[ctx.module]
    del m
    gc.collect()
    gc.collect()
    if ref is not None:
        notes.append('module object freed' if ref() is None else 'module object not freed after gc.collect()')
    step('interpreter finalization')
    return {'status': 'ok', 'reason': '; '.join(notes)}


def _pyext_own_objects(modname):
    """Live GC-tracked objects of the module: its module objects, types (exceptions included) and their instances."""
    import types
    n = 0
    for o in gc.get_objects():
        try:
            if isinstance(o, types.ModuleType):
                n += o.__name__ == modname
            elif isinstance(o, type):
                n += o.__module__ == modname
            else:
                n += type(o).__module__ == modname
        except Exception:
            pass
    return n


# Allocations one import may make before the check gives up (a module that never imports under it).
ERROR_PATHS_LIMIT = 200000
# Successes in a row that end the sweep: CPython swallows some failed allocations (interning), so one
# success may come from a swallowed failure rather than from the end of the import's allocations.
ERROR_PATHS_SUCCESSES = 20


def check_error_paths(ctx):
    """Every allocation of the import made to fail in turn (_testcapi.set_nomemory(n, n + 1) for n = 0, 1, ...
    until the import succeeds): each failed import must raise MemoryError (no crash, no SystemError, no
    "loaded more than once" on the retry), and, for a module that can be imported again, the failed
    imports must leave none of the module's objects behind (a second sweep leaves exactly what the first
    one left)."""
    try:
        import _testcapi
        set_nomemory = _testcapi.set_nomemory
        remove_hooks = _testcapi.remove_mem_hooks
    except (ImportError, AttributeError):
        return {'status': 'n/a', 'reason': '_testcapi.set_nomemory is not available'}
    import _imp
    import importlib.util
    if ctx.path not in sys.path:
        sys.path.insert(0, ctx.path)
    spec = importlib.util.find_spec(ctx.module)
    if spec is None:
        return {'status': 'fail', 'reason': 'module %s not found' % ctx.module}
    wrong = check_file(ctx, spec.origin)
    if wrong:
        return {'status': 'fail', 'reason': wrong}

    def attempt(n):
        gc.collect()
        if n is not None:
            set_nomemory(n, n + 1)
        try:
            # The extension's own create and exec, without importlib's bookkeeping around them (an
            # allocation failing after a load-once module's exec succeeded would make the retry say
            # "loaded more than once", rightly).
            m = _imp.create_dynamic(spec)
            _imp.exec_dynamic(m)
        except BaseException as e:
            if n is not None:
                remove_hooks()
            # MemoryError, or the ImportError some C-API calls turn it into (PyCapsule_Import); never
            # SystemError (an error return without an exception) nor "loaded more than once" (a retry refused).
            fine = isinstance(e, MemoryError) or (isinstance(e, ImportError) and 'more than once' not in str(e))
            return None, (type(e).__name__, str(e), fine)
        if n is not None:
            remove_hooks()
        return m, None

    def sweep(label):
        """-> (allocations swept, failures, problem or None, load_once)."""
        n = 0
        failures = 0
        successes = 0
        while n < ERROR_PATHS_LIMIT:
            step('%s: import %s with allocation #%d failing' % (label, ctx.module, n))
            m, err = attempt(n)
            if err is not None:
                successes = 0
                failures += 1
                if not err[2]:
                    return n, failures, 'allocation #%d failed: the import raised %s instead of MemoryError (or ImportError)' % (n, one_line(err[0], err[1])), False
            else:
                successes += 1
                del m
                if successes == 1:
                    step('%s: import %s again after it succeeded' % (label, ctx.module))
                    again, err2 = attempt(None)
                    if err2 is not None:
                        if 'more than once' in err2[1]:
                            return n + 1, failures, None, True
                        return n + 1, failures, 'a second import after the sweep failed: %s' % one_line(err2[0], err2[1]), False
                    del again
                if successes >= ERROR_PATHS_SUCCESSES:
                    return n + 1, failures, None, False
            n += 1
        return n, failures, 'the import still failed after %d allocations' % n, False

    swept, failures, problem, load_once = sweep('sweep 1')
    if problem:
        return {'status': 'fail', 'reason': problem}
    if load_once:
        return {'status': 'ok', 'reason': '%d allocation failure(s) injected, each a MemoryError (load-once module: leaks not counted)' % failures,
                'failures': failures, 'allocations': swept}
    gc.collect()
    gc.collect()
    before = _pyext_own_objects(ctx.module)
    swept2, failures2, problem, _ = sweep('sweep 2')
    if problem:
        return {'status': 'fail', 'reason': 'second sweep: ' + problem}
    gc.collect()
    gc.collect()
    after = _pyext_own_objects(ctx.module)
    if after != before:
        return {'status': 'fail', 'reason': 'failed imports leak: %d object(s) of %s alive after one sweep of %d allocation failure(s), %d after a second one'
                % (before, ctx.module, failures2, after)}
    return {'status': 'ok', 'reason': '%d allocation failure(s) injected, each a MemoryError; none left an object of the module behind' % failures,
            'failures': failures, 'allocations': swept}


CHECKS = {
    'main': check_main,
    'subinterp': check_subinterp,
    'two-instances': check_two_instances,
    'smoke': check_smoke,
    'teardown': check_teardown,
    'error-paths': check_error_paths,
}


def main(argv):
    p = argparse.ArgumentParser(prog='import_check.py')
    p.add_argument('check', choices=sorted(CHECKS))
    p.add_argument('--module', required=True)
    p.add_argument('--path', required=True, help='directory to put first on sys.path')
    p.add_argument('--so', required=True, help='the built extension (to confirm what was imported)')
    p.add_argument('--scratch', required=True, help='directory for subinterpreter result files')
    p.add_argument('--smoke')
    p.add_argument('--shared-gil', action='store_true',
                   help='the module declares shared-GIL support only on this version: where isolated '
                        'subinterpreters refuse it, the smoke runs in two legacy ones')
    args = p.parse_args(argv)
    ctx = Ctx(args)
    try:
        res = CHECKS[args.check](ctx)
    except BaseException as e:
        res = {'status': 'fail', 'reason': 'harness: ' + one_line(type(e).__name__, str(e)),
               'traceback': traceback.format_exc()}
    res.setdefault('python', '%d.%d.%d' % sys.version_info[:3])
    emit('result', res)
    step('interpreter finalization after the %s check' % args.check)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
