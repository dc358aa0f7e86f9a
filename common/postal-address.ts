import { PostalAddress } from './contract/data.ts';

/**
 * A postal address out of what the hub stores (`customer.address`, `billing_address`: jsonb the
 * shop or an agent filled). Anything without at least a street or a city is no address (null);
 * missing parts are empty; the country is upper case.
 */
export function parsePostalAddress(value: unknown): PostalAddress | null {
  let data = value;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      return null;
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const record = data as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string).trim() : '');
  const address = { street: text('street'), postcode: text('postcode'), city: text('city'), country: text('country').toUpperCase() };
  if (!address.street && !address.city) return null;
  return PostalAddress.parse(address);
}
