import { v7 as uuidv7 } from 'uuid';
import { hash } from '@node-rs/argon2';
import type { Database } from '../../server/db/database.ts';
import { PASSWORD, type RunningHub } from '../support/hub-fixture.ts';

// Shared by the overflow season's hub tests: a second office with its own lead, pool accounts on
// a made-up PBX, and a new overflow agent enrolled on a device the way a console does it.

const DAY_MS = 86_400_000;

export const daysFrom = (clock: Date, days: number) => new Date(clock.getTime() + days * DAY_MS).toISOString();

/** `count` pool accounts with users `<prefix>00`, `<prefix>01`, … */
export function poolAccounts(prefix: string, count: number) {
  return Array.from({ length: count }, (_, n) => ({
    server: 'wss://pbx.example.com:7443/ws',
    domain: 'pbx.example.com',
    username: `${prefix}${String(n).padStart(2, '0')}`,
    password: `secret-${prefix}-${n}`,
  }));
}

/** Another office (Köln) with a team lead of its own, signed in. */
export async function secondOffice(db: Database, hub: RunningHub): Promise<{ officeId: string; leadId: string; leadToken: string }> {
  const officeId = uuidv7();
  const leadId = uuidv7();
  const email = `lead-${leadId}@shop.example`;
  await db.query(`insert into office (id, code, name, country, timezone) values ($1, $2, 'Köln', 'DE', 'Europe/Berlin')`, [officeId, `cgn-${officeId.slice(-6)}`]);
  await db.query(`insert into agent (id, office_id, email, display_name, role, languages, password_hash) values ($1, $2, $3, 'Lead Köln', 'team_lead', '{de}', $4)`, [
    leadId,
    officeId,
    email,
    await hash(PASSWORD),
  ]);
  return { officeId, leadId, leadToken: await hub.login(email) };
}

export interface Enrolled {
  readonly agentId: string;
  readonly code: string;
  readonly link: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly deviceId: string;
  readonly lease: string;
}

/** A new overflow agent made by `token` in `officeId` and enrolled on a device with its code. */
export async function enrollOverflow(hub: RunningHub, token: string, officeId: string, clock: Date, extra: Record<string, unknown> = {}): Promise<Enrolled> {
  const created = await hub.call('POST', '/enrollments/overflow', {
    token,
    body: { displayName: 'Seasonal Sam', languages: ['de', 'en'], officeId, accessExpiresAt: daysFrom(clock, 30), ...extra },
  });
  if (created.status !== 201) throw new Error(`enrollment: ${created.status} ${JSON.stringify(created.body)}`);
  const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code, deviceName: 'Borrowed laptop' } });
  if (enrolled.status !== 200) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  return {
    agentId: created.body.agentId,
    code: created.body.code,
    link: created.body.link,
    accessToken: enrolled.body.accessToken,
    refreshToken: enrolled.body.refreshToken,
    deviceId: enrolled.body.deviceId,
    lease: enrolled.body.lease,
  };
}
