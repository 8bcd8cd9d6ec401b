/** Minimal glob matching for --exclude and config: `*`, `**`, `?`, `[...]`, `{a,b}`. */

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  const g = glob.replace(/\\/g, '/');
  while (i < g.length) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = g.indexOf(']', i);
      if (close === -1) re += '\\[';
      else {
        re += '[' + g.slice(i + 1, close).replace(/^!/, '^') + ']';
        i = close;
      }
    } else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close === -1) re += '\\{';
      else {
        re += '(?:' + g.slice(i + 1, close).split(',').map(escape).join('|') + ')';
        i = close;
      }
    } else re += escape(c);
    i++;
  }
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

/** A path matches when the glob matches it whole, or any trailing part of it (like .gitignore). */
export function matchesAny(relPath: string, globs: RegExp[]): boolean {
  const p = relPath.replace(/\\/g, '/');
  const parts = p.split('/');
  for (const re of globs) {
    for (let k = 0; k < parts.length; k++) if (re.test(parts.slice(k).join('/'))) return true;
  }
  return false;
}
