import { v7 as uuidv7 } from 'uuid';
import { poolSeal } from '../api/sip-pool.ts';
import type { SipSecrets } from '../api/sip-secrets.ts';
import type { Queryable } from '../db/database.ts';
import type { Staff } from './staff.ts';

// The demo's SIP pool: accounts on the demo SIP server (the local test rig, like the named agents'
// 1001–1003) waiting for the overflow agents a team lead enrolls. Users follow the rig's pattern
// so they can be added to it as they are: `pool<office number><nn>` with password `pw<user>`.

/** Free pool accounts per demo office. */
export const DEMO_POOL_PER_OFFICE = 20;

/** The demo pool's users and passwords, per office in the seed's office order (1-based). */
export function demoPoolAccounts(officeNumber: number): { username: string; password: string }[] {
  return Array.from({ length: DEMO_POOL_PER_OFFICE }, (_, n) => {
    const username = `pool${officeNumber}${String(n + 1).padStart(2, '0')}`;
    return { username, password: `pw${username}` };
  });
}

/** Loads DEMO_POOL_PER_OFFICE accounts on `server`/`domain` into each office's pool. */
export async function seedSipPool(db: Queryable, staff: Staff, sip: SipSecrets, server: string, domain: string): Promise<number> {
  let written = 0;
  for (const [index, office] of staff.offices.entries()) {
    for (const account of demoPoolAccounts(index + 1)) {
      const id = uuidv7();
      // Sealed for the pool row (server/api/sip-pool.ts), sealed again for the agent it goes to.
      await db.query(
        `insert into sip_pool_account (id, office_id, server_url, domain, username, password_sealed) values ($1, $2, $3, $4, $5, $6)`,
        [id, office.id, server, domain, account.username, sip.seal(poolSeal(id), account.password)],
      );
      written++;
    }
  }
  return written;
}
