/** A release version `vX.Y.Z` (the `v` optional) as numbers, or undefined for anything else (a branch build, a commit, a pre-release). */
export function semver(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Whether `version` is a release at least `min`; undefined when it is no release version. */
export function atLeast(version: string, min: string): boolean | undefined {
  const v = semver(version);
  const m = semver(min)!;
  if (!v) return undefined;
  for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i] > m[i];
  return true;
}
