import type { PostalAddress } from '../../../common/contract/data.ts';
import { regionName } from '../../i18n/format.ts';

/** Where the post town comes before the postcode, each on its own line (as Royal Mail and An Post write it). */
const TOWN_THEN_POSTCODE = new Set(['GB', 'IE']);
/** Where the postcode follows the town on the same line. */
const TOWN_POSTCODE = new Set(['US', 'CA', 'AU']);

/**
 * An address as it is written in its country, one string per line: the street, then postcode and
 * town in the country's order (continental Europe: "1015 CJ Amsterdam", "80331 München"), and
 * the country's name only when it is not the customer's own country (shown beside it already).
 */
export function postalAddressLines(address: PostalAddress, customerCountry: string, locale: string): string[] {
  const country = address.country || customerCountry;
  const lines = address.street ? [address.street] : [];
  const { postcode, city } = address;
  if (TOWN_THEN_POSTCODE.has(country)) lines.push(...[city, postcode].filter(Boolean));
  else if (TOWN_POSTCODE.has(country)) lines.push([city, postcode].filter(Boolean).join(' '));
  else lines.push([postcode, city].filter(Boolean).join(' '));
  if (country && country !== customerCountry.toUpperCase()) lines.push(regionName(country, locale));
  return lines.filter((line) => line.length > 0);
}
