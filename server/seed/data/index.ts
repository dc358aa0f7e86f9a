import { type CountryCode } from './types.ts';

export * from './types.ts';
export { COUNTRIES } from './countries.ts';

/** Where the shop's customers live (share of the customer base). */
export const COUNTRY_WEIGHTS: readonly (readonly [CountryCode, number])[] = [
  ['DE', 26],
  ['NL', 22],
  ['FR', 16],
  ['BE', 10],
  ['ES', 10],
  ['IT', 10],
  ['PL', 6],
];
