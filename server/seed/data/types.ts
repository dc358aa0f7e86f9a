import { type UiLanguage } from '../../../common/locales.ts';
import { type Random } from '../random.ts';

export type CountryCode = 'NL' | 'BE' | 'DE' | 'FR' | 'ES' | 'IT' | 'PL';
/** The languages customers speak (every UI language but English). */
export type CustomerLanguage = Exclude<UiLanguage, 'en'>;
export type Gender = 'female' | 'male';

export interface City {
  readonly name: string;
  /** Relative share of the country's customers. */
  readonly weight: number;
  /** Numeric postcode range [from, to] and optional step (French cities use round codes). */
  readonly postcodes: readonly [number, number, number?];
  /** Landline area code as dialled after the country code (no trunk 0, except Italy keeps it). */
  readonly area: string;
}

/** One language community of a country: Belgium has two, every other country one. */
export interface Community {
  readonly language: CustomerLanguage;
  /** Share of the country's customers. */
  readonly weight: number;
  readonly firstNames: { readonly female: readonly string[]; readonly male: readonly string[] };
  readonly lastNames: readonly string[];
  /** Polish surnames change with gender (Kowalski → Kowalska); elsewhere the name is kept. */
  readonly lastNameFor?: (lastName: string, gender: Gender) => string;
  /**
   * Spanish customers carry two surnames (father's and mother's); the display name then has
   * both. Defaults to one.
   */
  readonly surnames?: 1 | 2;
  readonly cities: readonly City[];
  readonly streets: readonly string[];
  /** Street line as written in the country ("Kerkstraat 12", "12 rue Pasteur", "ul. Długa 5/3"). */
  readonly streetLine: (rng: Random, street: string) => string;
  /** A business customer's name around a surname ("Tuincentrum De Vries", "Müller Gartenbau GmbH"). */
  readonly companyName: (rng: Random, lastName: string) => string;
  /** Mailbox names a business uses for orders ("inkoop", "einkauf"). */
  readonly companyMailboxes: readonly string[];
}

export interface CountryData {
  readonly code: CountryCode;
  readonly currency: 'EUR' | 'PLN';
  readonly communities: readonly Community[];
  /** Postcode as written locally from the number drawn in the city's range. */
  readonly formatPostcode: (rng: Random, value: number) => string;
  /** A mobile number in E.164 that libphonenumber-js accepts as a valid mobile of the country. */
  readonly mobile: (rng: Random) => string;
  /** A landline in the city's area, E.164. */
  readonly landline: (rng: Random, city: City) => string;
  /** Consumer mail providers, under the reserved `.example` TLD so no real mailbox is ever hit. */
  readonly emailDomains: readonly (readonly [string, number])[];
  /** Parcel tracking reference in the main carrier's format. */
  readonly trackingRef: (rng: Random) => string;
}

/** Digits of a subscriber number that does not start with 0 or 1 (those are trunk/service prefixes). */
export function subscriber(rng: Random, length: number, first = '2345678'): string {
  return rng.pick([...first]) + rng.digits(length - 1);
}

/** Uppercase letters and digits, for carrier references. */
export function alnum(rng: Random, length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.uint32() % alphabet.length];
  return out;
}
