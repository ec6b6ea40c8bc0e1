import { Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Renders a size as a Kubernetes quantity in the largest binary unit that states it exactly
 * (`Size.gibibytes(1.5)` is `1536Mi`, `Size.gibibytes(2)` is `2Gi`), so the manifest says what was meant.
 */
export function quantity(size: Size): string {
  const exact = { rounding: SizeRoundingBehavior.NONE };
  for (const [unit, value] of [['Ti', size.toTebibytes(exact)], ['Gi', size.toGibibytes(exact)], ['Mi', size.toMebibytes(exact)]] as const) {
    if (Number.isInteger(value) && value > 0) return `${value}${unit}`;
  }
  return `${Math.ceil(size.toKibibytes(exact))}Ki`;
}
