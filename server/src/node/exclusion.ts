/**
 * The user's exclusion globs as one predicate over absolute paths. picomatch is the matcher VS Code's own
 * ecosystem uses (well kept, no dependencies); a relative glob applies inside every workspace folder.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';

export function exclusionMatcher(globs: readonly string[], roots: readonly string[]): ((absolutePath: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  const slash = (p: string) => p.split(path.sep).join('/');
  const absolute = globs.filter((g) => path.isAbsolute(g)).map((g) => picomatch(slash(g), { dot: true }));
  const relative = globs.filter((g) => !path.isAbsolute(g)).map((g) => picomatch(slash(g), { dot: true }));
  return (absolutePath) => {
    const p = slash(absolutePath);
    if (absolute.some((m) => m(p))) return true;
    for (const root of roots) {
      const rel = path.relative(root, absolutePath);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const r = slash(rel);
      if (relative.some((m) => m(r))) return true;
    }
    return false;
  };
}
