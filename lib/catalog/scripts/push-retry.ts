/**
 * The retry policy of the pin step's push: how often a moved branch may restart a run, and the jittered wait
 * before each new try.
 *
 * The text is bash inside TypeScript template literals: a `\${` is bash's `${`, and `\\n` is bash's `\n`.
 */

/**
 * How often a pin run starts again because its ops branch moved (another push landed) before it gives up. Such
 * restarts spend no attempt of `max-attempts`; this bound only keeps a run from looping on a branch that never
 * stands still.
 */
export const MAX_RESTARTS = 100;

/** The jittered wait's bound doubles after each rejected push, at most this many times (×64). */
export const MAX_BACKOFF_DOUBLINGS = 6;

/**
 * `jitter_delay <n>` sets `DELAY` (seconds, with milliseconds) to a random wait from 0 to
 * `BACKOFF_SECONDS` × 2^(n-1), the bound doubling at most {@link MAX_BACKOFF_DOUBLINGS} times: "full jitter",
 * so runs rejected together spread out. The randomness comes from `/dev/urandom`; a bound of 0 gives `0`.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export const JITTER_FUNCTIONS = `# Sets DELAY, the wait before the next try after $1 rejected pushes: "full jitter", a random time from 0 to
# backoff-seconds x 2^($1 - 1), that bound growing no further than x 2^${MAX_BACKOFF_DOUBLINGS}, in milliseconds.
# Runs rejected together so spread out instead of colliding again.
jitter_delay() {
  local doublings=$(( $1 - 1 < ${MAX_BACKOFF_DOUBLINGS} ? $1 - 1 : ${MAX_BACKOFF_DOUBLINGS} )) high low ms
  local ceiling=$(( BACKOFF_SECONDS * 1000 * (1 << doublings) ))
  read -r high low < <(od -An -N8 -tu4 /dev/urandom)
  ms=$(( (((high & 0x3fffffff) << 32) | low) % (ceiling + 1) ))
  if (( ms == 0 )); then DELAY=0; else DELAY="$(( ms / 1000 )).$(printf '%03d' $(( ms % 1000 )))"; fi
}`;
