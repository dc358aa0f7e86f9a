import { BE } from './be.ts';
import { DE } from './de.ts';
import { ES } from './es.ts';
import { FR } from './fr.ts';
import { IT } from './it.ts';
import { NL } from './nl.ts';
import { PL } from './pl.ts';
import { type CountryCode, type CountryData } from './types.ts';

export * from './types.ts';

export const COUNTRIES: Readonly<Record<CountryCode, CountryData>> = { NL, BE, DE, FR, ES, IT, PL };

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
