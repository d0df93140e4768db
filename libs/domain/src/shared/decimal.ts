const SCALE = 4;
const ONE = 10n ** BigInt(SCALE);

/** Exact value of a decimal amount string ("24000000000", "12.5") in units of 10^-4. */
export function decimalUnits(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * ONE + BigInt(fraction.padEnd(SCALE, '0').slice(0, SCALE));
}

/** The decimal string of a number of 10^-4 units, without trailing zeros. */
export function formatUnits(units: bigint): string {
  const fraction = (units % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return fraction ? `${units / ONE}.${fraction}` : `${units / ONE}`;
}

/** Exact sum of decimal amount strings. */
export function sumDecimals(amounts: readonly string[]): string {
  return formatUnits(amounts.reduce((sum, amount) => sum + decimalUnits(amount), 0n));
}
