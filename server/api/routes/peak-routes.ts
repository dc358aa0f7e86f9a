import { PeakMode, PeakModeWrite, PublicPeakMode } from '../../../common/hub/cases.ts';
import { LEADS, ROLES } from '../../../common/hub/roles.ts';
import { write } from '../../db/writes.ts';
import { EVERYONE, EventBus } from '../../events/bus.ts';
import { auditAction } from '../audit.ts';
import { peakModeOf, publicPeakMode, readPeakMode, storePeakMode } from '../peak-mode.ts';
import { callerOf, route } from '../route.ts';

// Peak mode: a team lead switches the whole team to a preset (chat off, callbacks only, all hands
// on the phone) with a note. Every console is told at once, overflow agents' too, and the web
// shop's contact widget follows the public, cacheable answer.

/** How long shops' caches and browsers may keep the public answer. */
const PUBLIC_MAX_AGE_SECONDS = 10;

export const peakRoutes = [
  route({
    method: 'GET',
    url: '/peak-mode',
    summary: 'Whether peak mode is on, its preset, the channels it leaves open, the note and who switched it',
    access: [...ROLES],
    schema: { response: PeakMode },
    handler: async (_request, hub) => readPeakMode(hub.db),
  }),
  route({
    method: 'PUT',
    url: '/peak-mode',
    summary: 'Switch peak mode on (with a preset and a note) or off; every console is told (`peak_mode.changed`), overflow agents’ too',
    access: LEADS,
    schema: { body: PeakModeWrite, response: PeakMode },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const b = request.body;
      return write(hub.db, hub.bus, async (tx) => {
        const [me] = await tx.query<{ display_name: string }>('select display_name from agent where id = $1', [caller.agentId]);
        const stored = {
          enabled: b.enabled, preset: b.enabled ? (b.preset ?? null) : null, note: b.note?.trim() || null,
          byId: caller.agentId, byName: me?.display_name ?? null, since: hub.now().toISOString(),
        };
        await storePeakMode(tx, stored);
        const mode = peakModeOf(stored);
        await EventBus.append(tx, 'peak_mode.changed', mode, EVERYONE);
        await auditAction(tx, caller.agentId, 'peakMode.change', { type: 'hub_setting', id: 'peak_mode' }, { enabled: mode.enabled, preset: mode.preset });
        return mode;
      });
    },
  }),
  route({
    method: 'GET',
    url: '/public/peak-mode',
    summary: 'For the web shop’s contact widget: whether peak mode is on and which contact channels are open (no note, no names; cacheable, any origin)',
    access: 'public',
    publicMaxAgeSeconds: PUBLIC_MAX_AGE_SECONDS,
    schema: { response: PublicPeakMode },
    handler: async (_request, hub) => publicPeakMode(await readPeakMode(hub.db)),
  }),
];
