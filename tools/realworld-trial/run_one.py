#!/usr/bin/env python3
"""One extension of the real-world trial: check, apply, apply again, check again, then verify the
original and the result (build, import, smoke, isolated subinterpreters) with the tool's own `verify`.

    run_one.py TOOL_DIR NAME          (TOOL_DIR: a built copy of the tool, see build-tool.sh)

Reads extensions/NAME/trial.json (see README.md), writes logs under
$TRIAL_ROOT/runs/<tool sha>/NAME/ and prints one line: NAME<TAB>COMMIT<TAB>OUTCOME<TAB>REASON.
Nothing of the extension's project is kept in this repository: the sources come from a git mirror
at run time ($MIRROR_ROOT/<owner>+<name>/repo, else a bare clone of https://github.com/<owner>/<name>).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get('TRIAL_ROOT', '/tmp/realworld')
MIRRORS = os.environ.get('MIRROR_ROOT', '/work/.mirror')
PYTHONS = os.environ.get('TRIAL_PYTHONS', '3.9,3.12,3.13').split(',')
# The flags of every build (verify adds -shared -fPIC -Wall -Werror=implicit-function-declaration
# -Werror=incompatible-pointer-types itself); int-conversion is an error in GCC 14.
CC = os.environ.get('TRIAL_CC', 'gcc -Werror=int-conversion')
TIMEOUT = int(os.environ.get('TRIAL_TIMEOUT', '900'))
# The tool's own bound on one group of files (120 s by default): mrab-regex's 25k-line file needs more
# on a loaded machine, and a group that times out is skipped with nothing written.
os.environ.setdefault('PYEXT_ISOLATE_TIMEOUT', str(max(120, TIMEOUT - 60)))


def vkey(v):
    return tuple(int(x) for x in v.split('.')[:2])


def run(cmd, log, cwd=None, env=None, timeout=TIMEOUT):
    """Runs cmd, writes its command line and output to log, returns (exit code, output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        out, rc = p.stdout.decode('utf-8', 'replace'), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode('utf-8', 'replace') + '\n[timeout]\n', 124
    with open(log, 'w') as f:
        f.write('$ ' + ' '.join(cmd) + '\n' + out + '\n[exit %d]\n' % rc)
    return rc, out


def tree_hash(d):
    h = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(d)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            if os.path.islink(p):
                continue
            h.update(os.path.relpath(p, d).encode() + b'\0')
            with open(p, 'rb') as fh:
                h.update(fh.read())
    return h.hexdigest()


def mirror(repo):
    d = os.path.join(MIRRORS, repo.replace('/', '+'), 'repo')
    if os.path.isdir(os.path.join(d, '.git')):   # some snapshots are a checkout, not a bare repository
        return os.path.join(d, '.git')
    if os.path.isdir(d):
        return d
    d = os.path.join(ROOT, 'mirrors', repo.replace('/', '+') + '.git')
    if not os.path.isdir(d):
        r = subprocess.run(['git', 'clone', '-q', '--bare', 'https://github.com/%s' % repo, d])
        if r.returncode:
            return None
    return d


def has_header(h, flags):
    src = '#include <%s>\nint main(void){return 0;}\n' % h
    r = subprocess.run(CC.split() + flags + ['-fsyntax-only', '-x', 'c', '-'], input=src.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return r.returncode == 0


def summary_line(out):
    """The totals line `check` prints, e.g. '5 isolation hazards in 1 file: 3 automatic (60%), 2 need a human.'"""
    for line in out.splitlines():
        if 'isolation hazard' in line:
            return line.strip()
    return ''


def manual_rules(out):
    """'rule N manual' for the rules with manual findings in check's By-rule table."""
    res = []
    out = out.split('By rule:', 1)[-1].split('By file:', 1)[0]
    for m in re.finditer(r'^\s+(\S+/\S+)\s+(\d+)\s+\((\d+) auto, (\d+) manual\)', out, re.M):
        if int(m.group(4)):
            res.append('%s x%s' % (m.group(1), m.group(4)))
    return res


def verify(tool, tree, mod, cfg, pythons, smoke, baseline, log, json_out):
    srcs = [os.path.join(tree, s) for s in mod['sources']]
    cmd = ['node', os.path.join(tool, 'bin/pyext-isolate.js'), 'verify', *srcs, '-m', mod['name'],
           '--python', ','.join(pythons), '--format', 'json', '--timeout', os.environ.get('TRIAL_VERIFY_TIMEOUT', '600')]
    for d in cfg.get('include_dirs', []):
        cmd += ['-I', os.path.join(tree, d)]
    for d in cfg.get('defines', []):
        cmd += ['-D', d]
    if smoke:
        cmd += ['--smoke', smoke]
    if baseline:
        cmd += ['--baseline', baseline]
    else:
        cmd += ['--no-warnings-check']
    # Libraries go on the compiler's command line (verify has no -l option), before the sources:
    # --no-as-needed makes the linker record them anyway (this gcc passes --as-needed by default).
    libs = ['-l' + l for l in cfg.get('libraries', [])]
    env = dict(os.environ, CC=' '.join([CC] + (['-Wl,--no-as-needed'] + libs if libs else [])))
    path = [os.path.join(tree, d) for d in cfg.get('pythonpath', [])] + cfg.get('_dep_dirs', [])
    if path:   # the project's own Python packages the module imports, and the built dependencies
        env['PYTHONPATH'] = os.pathsep.join(path)
    rc, out = run(cmd, log, cwd=tree, env=env)
    try:
        start = out.index('{')
        data = json.loads(out[start:out.rindex('}') + 1])
    except ValueError:
        data = None
    with open(json_out, 'w') as f:
        json.dump(data, f, indent=1)
    return data, out


def find_python(v):
    """The pyenv interpreter of version v (3.12 or 3.12.1), else python3.12 on PATH."""
    import glob
    for d in sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/%s*' % v)), reverse=True):
        exe = os.path.join(d, 'bin', 'python' + '.'.join(v.split('.')[:2]))
        if os.path.exists(exe):
            return exe
    return shutil.which('python' + '.'.join(v.split('.')[:2]))


def build_deps(cfg, out_dir, pythons, logs):
    """Builds the C modules of other projects the extension imports at run time (`deps`) into
    their own trees, one .so per Python (the suffixes differ), and returns the dirs for
    PYTHONPATH. Returns (dirs, error)."""
    dirs = []
    for i, dep in enumerate(cfg.get('deps', [])):
        git = mirror(dep['repo'])
        if not git:
            return dirs, 'no snapshot of dependency %s' % dep['repo']
        tree = os.path.join(out_dir, 'deps', dep['repo'].replace('/', '+'))
        os.makedirs(tree)
        subprocess.run('git --git-dir "%s" archive %s | tar -x -C "%s"' % (git, dep['commit'], tree), shell=True, check=True)
        for v in pythons:
            py = find_python(v)
            inc = subprocess.run([py, '-c', 'import sysconfig;print(sysconfig.get_paths()["include"])'],
                                 stdout=subprocess.PIPE).stdout.decode().strip()
            suffix = subprocess.run([py, '-c', 'import sysconfig;print(sysconfig.get_config_var("EXT_SUFFIX"))'],
                                    stdout=subprocess.PIPE).stdout.decode().strip()
            for mod in dep['modules']:
                base = os.path.join(tree, dep.get('python_dir', '.'), *mod['name'].split('.'))
                cmd = ['gcc', '-shared', '-fPIC', '-O1', '-I' + inc] + \
                      ['-I' + os.path.join(tree, d) for d in mod.get('include_dirs', [])] + \
                      [os.path.join(tree, x) for x in mod['sources']] + ['-o', base + suffix]
                rc, out = run(cmd, os.path.join(logs, '0-dep%d-%s-%s.log' % (i, mod['name'], v)))
                if rc:
                    return dirs, 'dependency %s does not build on %s' % (mod['name'], v)
        dirs.append(os.path.join(tree, dep.get('python_dir', '.')))
    return dirs, None


def per_python(data):
    res = {}
    for r in (data or {}).get('results', []):
        v = '%d.%d' % (r['interpreter']['major'], r['interpreter']['minor'])
        res[v] = r
    return res


def main():
    tool, name = sys.argv[1], sys.argv[2]
    edir = os.path.join(HERE, 'extensions', name)
    cfg = json.load(open(os.path.join(edir, 'trial.json')))
    sha = subprocess.run(['git', '-C', tool, 'rev-parse', '--short=12', 'HEAD'], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode().strip() or os.path.basename(tool)
    out_dir = os.path.join(ROOT, 'runs', sha, name)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    logs = os.path.join(out_dir, 'logs')
    os.makedirs(logs)

    notes = []

    def finish(outcome, reason, commit='?'):
        line = '%s\t%s\t%s\t%s' % (name, commit, outcome, reason + ''.join(' [%s]' % n for n in notes))
        with open(os.path.join(out_dir, 'outcome.txt'), 'w') as f:
            f.write(line + '\n')
        print(line)
        sys.exit(0)

    git = mirror(cfg['repo'])
    if not git:
        finish('N/A', 'no snapshot of %s' % cfg['repo'], cfg['commit'])
    r = subprocess.run(['git', '--git-dir', git, 'rev-parse', cfg['commit'] + '^{commit}'], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode:
        finish('N/A', '%s not in the snapshot' % cfg['commit'], cfg['commit'])
    full = r.stdout.decode().strip()
    commit = '%s (%s)' % (cfg['commit'], full[:10]) if cfg['commit'] != full else full[:10]

    orig, res = os.path.join(out_dir, 'orig'), os.path.join(out_dir, 'result')
    os.makedirs(orig)
    # archive_paths: only these parts of the tree (a snapshot may lack a large blob elsewhere: cracklib's word lists)
    paths = ' '.join('"%s"' % p for p in cfg.get('archive_paths', []))
    subprocess.run('git --git-dir "%s" archive %s %s | tar -x -C "%s"' % (git, full, paths, orig), shell=True, check=True)
    for rel, text in cfg.get('replace_files', {}).items():   # e.g. a package __init__ that imports too much
        os.makedirs(os.path.dirname(os.path.join(orig, rel)), exist_ok=True)   # or a header the build links in (gnureadline)
        with open(os.path.join(orig, rel), 'w') as f:
            f.write(text)
    shutil.copytree(orig, res, symlinks=True)

    min_py = cfg.get('min_python', '3.9')
    pythons = [p for p in PYTHONS if vkey(p) >= vkey(min_py)]
    inc_flags = ['-I' + os.path.join(orig, d) for d in cfg.get('include_dirs', [])]
    missing = [h for h in cfg.get('system_headers', []) if not has_header(h, inc_flags)]
    if missing:
        finish('N/A', 'missing system headers: ' + ', '.join(missing), commit)

    # The tool's settings go into a pyproject.toml of the trial's own, outside the tree.
    cfgdir = os.path.join(out_dir, 'config')
    os.makedirs(cfgdir)
    toml = os.path.join(cfgdir, 'pyproject.toml')
    with open(toml, 'w') as f:
        # The tool supports 3.9 up (PEP 573); an older floor of the project is lifted to that.
        f.write('[tool.pyext-isolate]\nmin-python = "%s"\n' % max(min_py, '3.9', key=vkey))
        f.write('include-dirs = %s\n' % json.dumps([os.path.join(res, d) for d in cfg.get('include_dirs', [])]))
        f.write('defines = %s\n' % json.dumps(cfg.get('defines', [])))
        for k, v in cfg.get('tool_config', {}).items():
            f.write('%s = %s\n' % (k, json.dumps(v)))

    cli = ['node', os.path.join(tool, 'bin/pyext-isolate.js')]
    roots = cfg['roots']
    opts = ['--config', toml, '-j', '1', '--no-cache', '--no-color']
    rc_c1, out_c1 = run(cli + ['check', *roots, *opts], os.path.join(logs, '1-check.log'), cwd=res)
    if rc_c1 not in (0, 1):
        finish('ERROR', 'check exited %d: %s' % (rc_c1, out_c1.strip().splitlines()[-1:] or ''), commit)
    rc_a1, out_a1 = run(cli + ['apply', *roots, *opts], os.path.join(logs, '2-apply.log'), cwd=res)
    h1 = tree_hash(res)
    rc_a2, out_a2 = run(cli + ['apply', *roots, *opts], os.path.join(logs, '3-apply-again.log'), cwd=res)
    h2 = tree_hash(res)
    _, out_c2 = run(cli + ['check', *roots, *opts], os.path.join(logs, '4-check-again.log'), cwd=res)
    subprocess.run('diff -ru orig result > %s' % os.path.join(out_dir, 'result.diff'), shell=True, cwd=out_dir)
    changed = tree_hash(orig) != h1
    findings = summary_line(out_c2)
    manual = manual_rules(out_c2)
    refused = re.search(r'(\d+) refused', out_a1)
    refused = refused and int(refused.group(1))

    cfg['_dep_dirs'], dep_error = build_deps(cfg, out_dir, pythons, logs)
    if dep_error:
        notes.append(dep_error)
    results = {}
    for mod in cfg['modules']:
        smoke = os.path.join(edir, mod.get('smoke', 'smoke.py'))
        smoke = smoke if os.path.exists(smoke) else None
        od, _ = verify(tool, orig, mod, cfg, pythons, smoke, None, os.path.join(logs, '5-verify-orig-%s.log' % mod['name']),
                       os.path.join(out_dir, 'verify-orig-%s.json' % mod['name']))
        common = os.path.commonpath([os.path.dirname(os.path.join(res, s)) for s in mod['sources']])
        base = os.path.join(orig, os.path.relpath(common, res))
        rd, _ = verify(tool, res, mod, cfg, pythons, smoke, base, os.path.join(logs, '6-verify-result-%s.log' % mod['name']),
                       os.path.join(out_dir, 'verify-result-%s.json' % mod['name']))
        results[mod['name']] = (per_python(od), per_python(rd))

    # Judge.
    broken, not_isolated, usable, uncompared = [], [], False, []
    for mname, (o, r) in results.items():
        for v in pythons:
            ov, rv = o.get(v), r.get(v)
            if ov and ov['build'] == 'ok' and rv and rv['build'] != 'ok':
                pass   # the original builds, the result does not: judged below even if the original cannot run
            elif not ov or ov['build'] != 'ok' or ov['main'] != 'ok' or ov.get('smoke', 'skipped') not in ('ok', 'skipped'):
                uncompared.append('%s %s' % (mname, v))
                continue   # the original does not build or run on this version: nothing to compare
            usable = True
            if not rv:
                broken.append('%s %s: no verify result' % (mname, v))
                continue
            if rv['build'] != 'ok':
                errs = [d for d in rv.get('buildResult', {}).get('diagnostics', []) if d['severity'] == 'error']
                msg = errs[0]['message'] if errs else 'build failed'
                where = ('%s:%s ' % (os.path.relpath(errs[0]['file'], res), errs[0]['line'])) if errs else ''
                broken.append('%s %s: build: %s%s' % (mname, v, where, msg))
                continue
            for k in ('main', 'smoke', 'teardown', 'twoInstances'):
                if k == 'twoInstances' and rv.get(k) == 'load-once':
                    continue   # the tool's declared guard while manual findings remain: STOPPED, not broken
                if rv.get(k, 'skipped') not in ('ok', 'n/a', 'skipped') and ov.get(k, 'skipped') in ('ok', 'n/a', 'skipped'):
                    rs = [x for x in rv['reasons'] if x.startswith({'twoInstances': 'two-instances'}.get(k, k))]
                    if k == 'smoke' and rv[k] == 'fail' and 'subinterpreter' in ' '.join(rs) and rv['subinterp'] == 'refused':
                        continue
                    broken.append('%s %s: %s' % (mname, v, (rs[0] if rs else '%s=%s' % (k, rv[k]))[:200]))
            if vkey(v) >= (3, 12):
                if rv['subinterp'] in ('fail', 'crash') and ov.get('subinterp') not in ('fail', 'crash'):
                    rs = [x for x in rv['reasons'] if x.startswith('subinterp')]
                    broken.append('%s %s: %s' % (mname, v, (rs[0] if rs else 'subinterp=fail')[:200]))
                elif rv['subinterp'] == 'refused' and rv.get('sharedGil'):
                    # Declared: own GIL only from a later version (a datetime C-API consumer on 3.12);
                    # verify ran its two instances and smoke in legacy subinterpreters instead.
                    notes.append('%s %s: shared-GIL subinterpreters only, as declared' % (mname, v))
                elif rv['subinterp'] != 'ok':
                    not_isolated.append('%s %s: subinterp=%s' % (mname, v, rv['subinterp']))
                elif rv.get('smoke') == 'ok' and not any('two isolated' in (c.get('reason') or '') for c in rv.get('checks', []) if c.get('check') == 'smoke'):
                    not_isolated.append('%s %s: smoke ran in the main interpreter only' % (mname, v))
    if not usable:
        why = []
        for mname, (o, r) in results.items():
            for v, ov in sorted(o.items()):
                bad = [x for x in ov['reasons'] if x.split('=')[0] in ('build', 'main', 'smoke') and '=ok' not in x.split(':')[0]]
                if ov['build'] != 'ok':
                    errs = [d['message'] for d in ov.get('buildResult', {}).get('diagnostics', []) if d['severity'] == 'error']
                    bad = ['build: ' + (errs[0] if errs else 'failed')]
                why.append('%s %s: %s' % (mname, v, (bad[0] if bad else '?')[:160]))
        finish('N/A', 'the original does not build or run: ' + '; '.join(why[:3]), commit)
    if h1 != h2:
        broken.append('second apply changed files')
    if uncompared:   # said in every outcome: a module or version the original cannot run is not judged
        notes.append('not compared, the original fails: ' + ', '.join(uncompared))
    if broken:
        finish('BROKEN', '; '.join(broken), commit)
    # ISOLATED speaks for every module: one the original cannot run on 3.12+ was never seen isolated.
    unseen = [m for m in results if not any(vkey(v) >= (3, 12) and '%s %s' % (m, v) not in uncompared
                                           and v in results[m][0] for v in pythons)]
    if unseen and not not_isolated:
        not_isolated.append('not judged on 3.12+ (the original fails there): ' + ', '.join(unseen))
    if not not_isolated and changed:
        # Only the versions where the result was compared with a working original.
        compared = [v for v in pythons if any('%s %s' % (m, v) not in uncompared for m in results)]
        finish('ISOLATED', 'builds on %s; smoke ok; isolated subinterpreters ok; 2nd apply no-op; %s'
               % (','.join(compared), findings or 'no findings'), commit)
    if not not_isolated:
        finish('ISOLATED', 'already isolated (nothing rewritten); ' + findings, commit)
    why = findings
    if manual:
        why += ' [' + ', '.join(manual) + ']'
    if refused:
        why += ' [apply refused %d group(s): see logs/2-apply.log]' % refused
    finish('STOPPED', why + ' (' + '; '.join(not_isolated[:2]) + ')', commit)


if __name__ == '__main__':
    main()
