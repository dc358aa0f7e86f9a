import type { Colleague } from '../../common/contract/escalations.ts';

// The colleague picker's search and order, pure (unit-tested): free colleagues first, then by
// name; a query matches when every word is found in the name, role, skills, languages or office.

/** Presence, best to reach first. */
const PRESENCE_RANK: Record<Colleague['status'], number> = { available: 0, wrap_up: 1, on_call: 2, break: 3, offline: 4 };

/** The words a colleague is found by, besides the raw values (the role's and languages' names in the agent's language). */
export interface ColleagueWords {
  role(role: Colleague['role']): string;
  language(code: string): string;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

export function colleagueHaystack(colleague: Colleague, words: ColleagueWords): string {
  return fold(
    [
      colleague.displayName,
      colleague.role,
      words.role(colleague.role),
      ...colleague.skills,
      ...colleague.languages,
      ...colleague.languages.map((code) => words.language(code)),
      colleague.office.code,
      colleague.office.name,
      colleague.extension ?? '',
    ].join(' '),
  );
}

/** The colleagues the query finds, free ones first, then by name. */
export function matchColleagues(colleagues: readonly Colleague[], query: string, words: ColleagueWords): Colleague[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  return colleagues
    .filter((colleague) => {
      if (terms.length === 0) return true;
      const haystack = colleagueHaystack(colleague, words);
      return terms.every((term) => haystack.includes(term));
    })
    .sort((a, b) => PRESENCE_RANK[a.status] - PRESENCE_RANK[b.status] || a.displayName.localeCompare(b.displayName));
}
