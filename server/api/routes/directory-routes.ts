import { Directory, type Colleague } from '../../../common/hub/escalations.ts';
import { ROLES } from '../../../common/hub/roles.ts';
import { callerOf, route } from '../route.ts';

// The colleague directory: whom an agent can escalate to or transfer a call to, with live
// presence, languages and skills. Every role may read it (overflow agents transfer calls too);
// it holds no customer data.

interface ColleagueRow {
  id: string;
  display_name: string;
  role: Colleague['role'];
  office_code: string;
  office_name: string;
  languages: string[];
  skills: string[];
  extension: string | null;
  status: Colleague['status'] | null;
  since: Date | string | null;
}

export const directoryRoutes = [
  route({
    method: 'GET',
    url: '/directory',
    summary: 'Colleagues (not the caller, not disabled or ended) with role, office, languages, skills, SIP extension and presence; free ones first, then by name',
    access: [...ROLES],
    schema: { response: Directory },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const rows = await hub.db.query<ColleagueRow>(
        `select a.id, a.display_name, a.role, o.code as office_code, o.name as office_name, a.languages, a.skills,
                coalesce(s.username, a.sip_extension) as extension, p.status, p.since
           from agent a
           join office o on o.id = a.office_id
           left join presence p on p.agent_id = a.id
           left join sip_account s on s.agent_id = a.id
          where a.id <> $1 and a.disabled_at is null
            and (a.role <> 'overflow' or a.access_expires_at is null or a.access_expires_at > $2)
          order by array_position(array['available', 'wrap_up', 'on_call', 'break', 'offline'], coalesce(p.status, 'offline')),
                   lower(a.display_name), a.id`,
        [caller.agentId, hub.now()],
      );
      return {
        colleagues: rows.map((row) => ({
          id: row.id,
          displayName: row.display_name,
          role: row.role,
          office: { code: row.office_code, name: row.office_name },
          languages: row.languages,
          skills: row.skills,
          extension: row.extension,
          status: row.status ?? 'offline',
          since: row.since === null ? null : (row.since instanceof Date ? row.since : new Date(row.since)).toISOString(),
        })),
      };
    },
  }),
];
