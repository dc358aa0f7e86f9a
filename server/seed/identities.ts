// Who a customer is: surname, city, phone numbers and e-mail addresses, unique across the set.
import { type City, type Community, type CountryData } from './data/index.ts';
import { emailPart } from './names.ts';
import { type Random, Weighted } from './random.ts';

/** Unique phone numbers and e-mail addresses across the whole population, and who picks them. */
export class Identities {
  private readonly phones = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly cities = new Map<Community, Weighted<City>>();
  private readonly domains = new Map<CountryData, Weighted<string>>();

  cityPicker(community: Community): Weighted<City> {
    let picker = this.cities.get(community);
    if (!picker) this.cities.set(community, (picker = new Weighted(community.cities.map((c) => [c, c.weight] as const))));
    return picker;
  }

  uniquePhone(rng: Random, make: () => string): string {
    let phone = make();
    for (let i = 0; i < 20 && this.phones.has(phone); i++) phone = make();
    this.phones.add(phone);
    return phone;
  }

  private uniqueEmail(rng: Random, local: string, domain: string): string {
    let email = `${local}@${domain}`;
    while (this.emails.has(email)) email = `${local}${rng.int(1, 999)}@${domain}`;
    this.emails.add(email);
    return email;
  }

  personalEmails(rng: Random, country: CountryData, community: Community, firstName: string, lastName: string): string[] {
    let domains = this.domains.get(country);
    if (!domains) this.domains.set(country, (domains = new Weighted(country.emailDomains)));
    const f = emailPart(firstName, community.language);
    const l = emailPart(lastName, community.language);
    const year = String(rng.int(50, 105) % 100).padStart(2, '0');
    const locals = [`${f}.${l}`, `${f}${l}`, `${f.charAt(0)}.${l}`, `${f}.${l}${year}`, `${f}_${l}`, `${l}.${f}`, `${f}${year}`, `${f}.${l}${rng.int(1, 99)}`];
    const pattern = new Weighted(locals.map((local, i) => [local, [35, 12, 10, 12, 5, 6, 8, 6][i] ?? 1] as const));
    const emails = [this.uniqueEmail(rng, pattern.pick(rng), domains.pick(rng))];
    if (rng.chance(0.2)) {
      const second = this.uniqueEmail(rng, pattern.pick(rng), domains.pick(rng));
      if (second !== emails[0]) emails.push(second);
    }
    return emails;
  }

  companyEmails(rng: Random, community: Community, company: string, firstName: string): string[] {
    const core = company.replace(/\b(B\.V\.|BV|GmbH|SARL|SAS|SRL|S\.L\.|S\.r\.l\.|Sp\. z o\.o\.)/g, '');
    const domain = `${emailPart(core, community.language, '-')}.example`;
    const emails = [this.uniqueEmail(rng, rng.pick(community.companyMailboxes), domain)];
    if (rng.chance(0.5)) emails.push(this.uniqueEmail(rng, emailPart(firstName, community.language), domain));
    return emails;
  }
}

export function surname(rng: Random, community: Community): string {
  if (community.surnames !== 2) return rng.pick(community.lastNames);
  const first = rng.pick(community.lastNames);
  let second = rng.pick(community.lastNames);
  while (second === first) second = rng.pick(community.lastNames);
  return `${first} ${second}`;
}
