const SCALE = 4;

/** Exact value of a decimal amount string ("24000000000", "12.5") in units of 10^-4. */
export function decimalUnits(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0').slice(0, SCALE));
}
