// Counts the elements that array, Map and Set scans visit while a function runs: a measure of work that
// does not depend on the machine's speed, so a test can tell linear from quadratic with small inputs.

const ARRAY_SCANS = ['includes', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every',
  'filter', 'map', 'flatMap', 'forEach', 'reduce', 'reduceRight', 'join', 'slice', 'concat', 'sort'] as const;
const COLLECTION_SCANS = ['forEach', 'keys', 'values', 'entries'] as const;

/**
 * Runs `fn` and returns how many elements it scanned: the length of every array each array method
 * ({@link ARRAY_SCANS}) or iteration (`for...of`, spread) ran over, and the size of every Map and Set
 * iterated. Calls that stop early count in full: an upper bound.
 */
export function scannedElements(fn: () => void): number {
  let count = 0;
  const restore: Array<() => void> = [];
  const patch = (proto: any, name: string | symbol, size: (self: any) => number) => {
    const original = proto[name];
    proto[name] = function (this: any, ...args: unknown[]) {
      count += size(this);
      return original.apply(this, args);
    };
    restore.push(() => { proto[name] = original; });
  };
  for (const name of [...ARRAY_SCANS, Symbol.iterator]) patch(Array.prototype, name, a => a.length);
  for (const proto of [Map.prototype, Set.prototype]) {
    for (const name of [...COLLECTION_SCANS, Symbol.iterator]) patch(proto, name, c => c.size);
  }
  try {
    fn();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return count;
}
