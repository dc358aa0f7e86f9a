// The README's "Demo accounts" table is what a newcomer signs in with: it must name exactly the
// accounts and the password the seed creates (test/hub/seed.test.ts proves those sign in).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../common/hub/roles.ts';
import { DEMO_AGENT_EMAIL, DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIP_ACCOUNTS } from '../../../server/seed/demo.ts';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');

/** The text from `## <title>` to the next heading of the same level. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

interface AccountRow {
  role: string;
  email: string;
  can: string;
}

/** Table rows whose first cell names a role id in backticks. */
function accountRows(text: string): AccountRow[] {
  return text.split('\n').flatMap((line) => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const role = cells[0]?.match(/`(\w+)`/)?.[1];
    const email = cells[1]?.match(/`([^`]+)`/)?.[1];
    return role && email ? [{ role, email, can: cells[2] ?? '' }] : [];
  });
}

describe("README's demo accounts", () => {
  const demo = section(readme, 'Demo accounts');
  const rows = accountRows(demo);

  it('lists one account per role, each with the e-mail the seed gives that role', () => {
    expect(demo).not.toBe('');
    expect(rows.map((row) => row.role).sort()).toEqual([...ROLES].sort());
    for (const row of rows) expect(row.email, row.role).toBe(DEMO_LOGINS[row.role as keyof typeof DEMO_LOGINS]);
    for (const row of rows) expect(row.can, `what ${row.role} can do`).not.toBe('');
  });

  it("gives the seed's password", () => {
    const stated = [...demo.matchAll(/password \*\*`([^`]+)`\*\*/g)].map((match) => match[1]);
    expect(stated).toEqual([DEMO_PASSWORD]);
  });

  it('names the account `npm start` signs in as, and the test-rig SIP extension of those that have one', () => {
    expect(rows.find((row) => row.role === 'first_line')?.email).toBe(DEMO_AGENT_EMAIL);
    for (const row of rows) {
      const sip = DEMO_SIP_ACCOUNTS.find((account) => account.email === row.email);
      const extensions = [...row.can.matchAll(/SIP (\d+)/g)].map((match) => match[1]);
      expect(extensions, row.email).toEqual(sip ? [sip.username] : []);
    }
  });
});
