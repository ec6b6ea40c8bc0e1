/**
 * Glob matching as Argo CD does it for AppProject `sourceRepos`, `destinations` and `sourceNamespaces`
 * (gobwas/glob without separators): `*` is any text including `/`, `?` one character, `[abc]`/`[a-z]` a
 * class (`[!a]` negated), `{a,b}` alternatives.
 */
export function globMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let out = '';
  let inAlternatives = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[++i]);
    } else if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, end);
      out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (c === '{') {
      inAlternatives++;
      out += '(?:';
    } else if (c === '}' && inAlternatives > 0) {
      inAlternatives--;
      out += ')';
    } else if (c === ',' && inAlternatives > 0) {
      out += '|';
    } else {
      out += escape(c);
    }
  }
  try {
    re = new RegExp(`^${out}$`, 's');
  } catch {
    re = new RegExp(`^${escape(pattern)}$`);
  }
  cache.set(pattern, re);
  return re;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A repository URL the way Argo CD compares them: lower case, without a trailing `/` or `.git`.
 *
 * @example
 * normalizeRepoUrl('https://github.com/Org/Repo.git/') // 'https://github.com/org/repo'
 */
export function normalizeRepoUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
}
