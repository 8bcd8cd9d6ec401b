/** CPython versions as `3.N` strings, compared numerically. */
export type PyVersion = `3.${number}`;

export function parsePyVersion(s: string): PyVersion | undefined {
  const m = /^\s*3\.(\d{1,2})\s*$/.exec(s);
  return m ? (`3.${Number(m[1])}` as PyVersion) : undefined;
}

export function minor(v: PyVersion): number {
  return Number(v.split('.')[1]);
}

export function atLeast(v: PyVersion, other: PyVersion): boolean {
  return minor(v) >= minor(other);
}

/** `0x030C0000` for 3.12. */
export function versionHex(v: PyVersion): string {
  return '0x03' + minor(v).toString(16).toUpperCase().padStart(2, '0') + '0000';
}

/** The floor of a PEP 440 `requires-python` specifier (`>=3.10`, `>=3.9,<4`, `~=3.11`). */
export function floorOfRequiresPython(spec: string): PyVersion | undefined {
  let floor: number | undefined;
  for (const part of spec.split(',')) {
    const m = /^\s*(>=|~=|==|>)\s*3\.(\d+)/.exec(part);
    if (!m) continue;
    const n = Number(m[2]) + (m[1] === '>' ? 1 : 0);
    floor = floor === undefined ? n : Math.max(floor, n);
  }
  return floor === undefined ? undefined : (`3.${floor}` as PyVersion);
}

export const TOOL_FLOOR: PyVersion = '3.9';
export const NEWEST_KNOWN: PyVersion = '3.13';
