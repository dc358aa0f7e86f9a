// The countries' customers. Names, cities, streets, company names and mail domains are data
// (`countries/<code>.json`, one shape for all); what follows are the rules that data cannot say:
// how a street line, a postcode, a phone number and a tracking reference are written there.
import BE_TABLES from './countries/be.json' with { type: 'json' };
import DE_TABLES from './countries/de.json' with { type: 'json' };
import ES_TABLES from './countries/es.json' with { type: 'json' };
import FR_TABLES from './countries/fr.json' with { type: 'json' };
import IT_TABLES from './countries/it.json' with { type: 'json' };
import NL_TABLES from './countries/nl.json' with { type: 'json' };
import PL_TABLES from './countries/pl.json' with { type: 'json' };
import { type Random } from '../random.ts';
import { alnum, subscriber, type Community, type CountryCode, type CountryData, type CustomerLanguage, type Gender } from './types.ts';

/** A community as its JSON file holds it. */
type CommunityTables = Omit<Community, 'streetLine' | 'companyName' | 'lastNameFor'> & {
  /** Business names around a surname, `{name}` standing for it. */
  readonly companyNames: readonly string[];
};

/** A country as its JSON file holds it. */
interface CountryTables {
  readonly currency: CountryData['currency'];
  readonly emailDomains: CountryData['emailDomains'];
  readonly communities: readonly CommunityTables[];
}

/** What a community's data cannot say. */
interface CommunityRules {
  readonly streetLine: Community['streetLine'];
  readonly lastNameFor?: Community['lastNameFor'];
  /** The surname as it stands in a business name (where it differs). */
  readonly companyLastName?: (lastName: string) => string;
}

type CountryRules = Pick<CountryData, 'mobile' | 'landline' | 'trackingRef'> & {
  readonly communities: Readonly<Partial<Record<CustomerLanguage, CommunityRules>>>;
  /** Postcode as written locally; five digits with leading zeros unless said otherwise. */
  readonly formatPostcode?: CountryData['formatPostcode'];
};

/** A landline in the city's area: `digits` national digits, the subscriber part starting with one of `first`. */
function landlineIn(prefix: string, digits: number, first?: string): CountryData['landline'] {
  return (rng, city) => `${prefix}${city.area}${subscriber(rng, digits - city.area.length, first)}`;
}

/** Adjectival Polish surnames take a feminine ending: Kowalski → Kowalska, Zawadzki → Zawadzka. */
export function polishLastName(lastName: string, gender: Gender): string {
  if (gender === 'male') return lastName;
  if (/(ski|cki|dzki)$/.test(lastName)) return `${lastName.slice(0, -1)}a`;
  return lastName;
}

const RULES: Readonly<Record<CountryCode, CountryRules>> = {
  // Dutch names keep their "tussenvoegsel" in lower case after a first name ("Jan de Vries").
  NL: {
    communities: {
      nl: {
        streetLine: (rng, street) => {
          const number = rng.int(1, 180);
          const suffix = rng.chance(0.12) ? rng.pick(['A', 'B', '-1', '-2', ' bis']) : '';
          return `${street} ${number}${suffix}`;
        },
        // A leading "de"/"van" is capitalised when no first name precedes it.
        companyLastName: (lastName) => lastName.charAt(0).toUpperCase() + lastName.slice(1),
      },
    },
    formatPostcode: (rng, value) => {
      // Letter pairs SA, SD and SS are not issued in the Netherlands.
      let letters = '';
      do letters = alnum(rng, 2, 'ABCDEGHJKLMNPRSTVWXZ');
      while (letters === 'SA' || letters === 'SD' || letters === 'SS');
      return `${value} ${letters}`;
    },
    mobile: (rng) => `+316${rng.int(1, 5)}${rng.digits(7)}`,
    landline: landlineIn('+31', 9),
    trackingRef: (rng) => `3S${alnum(rng, 4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${rng.digits(9)}`,
  },
  // Belgium: Flemish (nl) and francophone (fr) customers, each with their own names, towns and
  // street names. Belgian particles are capitalised ("De Smet", "Van Damme").
  BE: {
    communities: {
      nl: { streetLine: (rng, street) => `${street} ${rng.int(1, 220)}${rng.chance(0.1) ? ` bus ${rng.int(1, 12)}` : ''}` },
      fr: { streetLine: (rng, street) => `${street} ${rng.int(1, 260)}${rng.chance(0.1) ? ` bte ${rng.int(1, 12)}` : ''}` },
    },
    formatPostcode: (_rng, value) => String(value),
    mobile: (rng) => `+324${rng.int(7, 9)}${rng.digits(7)}`,
    // 8-digit national numbers; a one-digit area (Brussels 2, Antwerp 3, Liège 4, Ghent 9) takes
    // 7 more digits. Liège numbers start with 2 or 3 after the area (04 2xx…, 04 3xx…), and the
    // others the same, so no number collides with the 04x mobile ranges.
    landline: (rng, city) => landlineIn('+32', 8, city.area.length === 1 ? '23' : '2345678')(rng, city),
    trackingRef: (rng) => `32${rng.digits(22)}`,
  },
  DE: {
    communities: { de: { streetLine: (rng, street) => `${street} ${rng.int(1, 140)}${rng.chance(0.08) ? rng.pick(['a', 'b', 'c']) : ''}` } },
    mobile: (rng) => {
      // 015x and 0176–0179 take eight subscriber digits, 016x and 0170–0175 seven.
      const prefix = rng.pick(['151', '152', '157', '159', '160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179']);
      const long = prefix.startsWith('15') || prefix >= '176';
      return `+49${prefix}${rng.digits(long ? 8 : 7)}`;
    },
    // Ten-digit national numbers in every city we use.
    landline: landlineIn('+49', 10),
    // DHL Paket: 20 digits starting with the 00340434 range.
    trackingRef: (rng) => `00340434${rng.digits(12)}`,
  },
  FR: {
    communities: { fr: { streetLine: (rng, street) => `${rng.int(1, 150)}${rng.chance(0.07) ? ' bis' : ''} ${street}` } },
    // 06 and 07 5x–07 8x; not 06 39 and 06 9x, which belong to the overseas departments.
    mobile: (rng) => `+33${rng.pick(['60', '61', '62', '64', '65', '66', '67', '68', '75', '76', '77', '78'])}${rng.digits(7)}`,
    // The city's area carries the first digits after the regional 0X, so the subscriber part
    // never lands in a range reserved for other uses.
    landline: landlineIn('+33', 9, '2345678'),
    // Colissimo: two characters and eleven digits.
    trackingRef: (rng) => `${rng.pick(['6A', '6C', '8R', '8V'])}${rng.digits(11)}`,
  },
  // Spanish customers carry two surnames ("María García López"): `surnames: 2` in the data.
  ES: {
    communities: {
      es: {
        streetLine: (rng, street) => {
          const floor = rng.chance(0.6) ? `, ${rng.int(1, 9)}.º ${rng.pick(['A', 'B', 'C', 'D', 'izda.', 'dcha.'])}` : '';
          return `${street}, ${rng.int(1, 120)}${floor}`;
        },
      },
    },
    mobile: (rng) => (rng.chance(0.85) ? `+346${rng.digits(8)}` : `+347${rng.int(1, 4)}${rng.digits(7)}`),
    landline: landlineIn('+34', 9),
    // Correos: PQ, four characters, then digits.
    trackingRef: (rng) => `PQ${alnum(rng, 4)}${rng.digits(16)}`,
  },
  // Italian numbers keep the leading 0 of the area code after +39 (+39 02 …).
  IT: {
    communities: { it: { streetLine: (rng, street) => `${street} ${rng.int(1, 160)}${rng.chance(0.06) ? '/' + rng.pick(['A', 'B']) : ''}` } },
    mobile: (rng) =>
      `+39${rng.pick(['320', '324', '327', '328', '329', '331', '333', '334', '335', '338', '339', '340', '342', '345', '346', '347', '348', '349', '351', '366', '368', '370', '377', '380', '388', '389', '391', '392', '393'])}${rng.digits(7)}`,
    // Ten-digit national numbers. Rome's numbers start with 3–5 after 06: 06 698… is the Vatican.
    landline: landlineIn('+39', 10, '2345'),
    // BRT: fifteen digits.
    trackingRef: (rng) => `0${rng.digits(14)}`,
  },
  // The data holds the masculine surnames; `polishLastName` makes the feminine ones.
  PL: {
    communities: { pl: { streetLine: (rng, street) => `ul. ${street} ${rng.int(1, 120)}${rng.chance(0.55) ? `/${rng.int(1, 60)}` : ''}`, lastNameFor: polishLastName } },
    formatPostcode: (_rng, value) => {
      const digits = String(value).padStart(5, '0');
      return `${digits.slice(0, 2)}-${digits.slice(2)}`;
    },
    mobile: (rng) => `+48${rng.pick(['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'])}${rng.digits(7)}`,
    landline: landlineIn('+48', 9, '23456'),
    // InPost: 24 digits.
    trackingRef: (rng) => `6${rng.digits(23)}`,
  },
};

const TABLES: Readonly<Record<CountryCode, unknown>> = { NL: NL_TABLES, BE: BE_TABLES, DE: DE_TABLES, FR: FR_TABLES, ES: ES_TABLES, IT: IT_TABLES, PL: PL_TABLES };

function community(code: CountryCode, tables: CommunityTables, rules: CommunityRules | undefined): Community {
  if (!rules) throw new Error(`${code}: no rules for the ${tables.language} community`);
  const { companyNames, ...data } = tables;
  const nameIn = rules.companyLastName ?? ((lastName: string) => lastName);
  return {
    ...data,
    streetLine: rules.streetLine,
    companyName: (rng: Random, lastName: string) => rng.pick(companyNames).replaceAll('{name}', () => nameIn(lastName)),
    ...(rules.lastNameFor ? { lastNameFor: rules.lastNameFor } : {}),
  };
}

function country(code: CountryCode): CountryData {
  // The JSON files have the shape of CountryTables (the seed test checks what comes out of them).
  const tables = TABLES[code] as CountryTables;
  const rules = RULES[code];
  return {
    code,
    currency: tables.currency,
    communities: tables.communities.map((c) => community(code, c, rules.communities[c.language])),
    formatPostcode: rules.formatPostcode ?? ((_rng, value) => String(value).padStart(5, '0')),
    mobile: rules.mobile,
    landline: rules.landline,
    emailDomains: tables.emailDomains,
    trackingRef: rules.trackingRef,
  };
}

export const COUNTRIES: Readonly<Record<CountryCode, CountryData>> = {
  NL: country('NL'),
  BE: country('BE'),
  DE: country('DE'),
  FR: country('FR'),
  ES: country('ES'),
  IT: country('IT'),
  PL: country('PL'),
};
