// Fault points, for the tests that kill the real processes at every step of a write: with
// `SYNTH_FAULT=<point>` (or `<point>@<n>`, the n-th time it is reached) the process kills itself with
// SIGKILL there, as `kill -9` would; with `SYNTH_PAUSE=<point>:<ms>` it sleeps there, so that a test can run
// a second command while the first holds the lock. Unset (always, outside the tests), each point costs one
// comparison. The points are named where they are reached: `synth:*` in lib/output, `promote:*` in
// lib/promotion, `staging` (each file staged) in lib/output/staging.ts.

const reached = new Map<string, number>();

/** Reached `point`: kill or pause the process if a test asked for it. */
export function fault(point: string): void {
  const kill = process.env.SYNTH_FAULT;
  const pause = process.env.SYNTH_PAUSE;
  if (kill === undefined && pause === undefined) return;
  const n = (reached.get(point) ?? 0) + 1;
  reached.set(point, n);
  if (kill === point || kill === `${point}@${n}`) {
    process.kill(process.pid, 'SIGKILL');
    block(Infinity); // the signal is on its way: run nothing more
  }
  if (pause?.startsWith(`${point}:`)) block(Number(pause.slice(point.length + 1)));
}

function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
