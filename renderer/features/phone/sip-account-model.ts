import { SipAccountInput, type SipAccountView } from '../../../common/contract/telephony.ts';

// The SIP account form's values, checked before they are sent to main.

export type AccountField = 'server' | 'username' | 'password' | 'domain' | 'authorizationUser' | 'displayName';
export type AccountDraft = Record<AccountField, string>;

export type AccountProblem =
  | 'phone:settings.account.errors.serverRequired'
  | 'phone:settings.account.errors.serverInvalid'
  | 'phone:settings.account.errors.serverInsecure'
  | 'phone:settings.account.errors.usernameRequired'
  | 'phone:settings.account.errors.usernameInvalid'
  | 'phone:settings.account.errors.domainInvalid'
  | 'phone:settings.account.errors.tooLong';

const MAX_LENGTH: Record<AccountField, number> = { server: 300, username: 100, password: 200, domain: 200, authorizationUser: 100, displayName: 100 };
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The account as main takes it, or what is wrong with each field (as locale keys). */
export function validateAccount(draft: AccountDraft): { input: SipAccountInput | null; problems: Partial<Record<AccountField, AccountProblem>> } {
  const problems: Partial<Record<AccountField, AccountProblem>> = {};
  const trimmed: AccountDraft = {
    server: draft.server.trim(),
    username: draft.username.trim(),
    password: draft.password,
    domain: draft.domain.trim(),
    authorizationUser: draft.authorizationUser.trim(),
    displayName: draft.displayName.trim(),
  };
  for (const field of Object.keys(MAX_LENGTH) as AccountField[]) {
    if (trimmed[field].length > MAX_LENGTH[field]) problems[field] = 'phone:settings.account.errors.tooLong';
  }
  if (!problems.server) {
    if (trimmed.server === '') problems.server = 'phone:settings.account.errors.serverRequired';
    else {
      const url = parseUrl(trimmed.server);
      if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:') || url.hostname === '') problems.server = 'phone:settings.account.errors.serverInvalid';
      else if (url.protocol === 'ws:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.')) {
        problems.server = 'phone:settings.account.errors.serverInsecure';
      }
    }
  }
  if (!problems.username) {
    if (trimmed.username === '') problems.username = 'phone:settings.account.errors.usernameRequired';
    else if (/[\s@:]/.test(trimmed.username)) problems.username = 'phone:settings.account.errors.usernameInvalid';
  }
  if (!problems.domain && trimmed.domain !== '' && !/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(trimmed.domain)) {
    problems.domain = 'phone:settings.account.errors.domainInvalid';
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const parsed = SipAccountInput.safeParse(trimmed);
  if (parsed.success) return { input: parsed.data, problems };
  // The contract said no to something the checks above let through: point at the field.
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in MAX_LENGTH) problems[field as AccountField] ??= field === 'server' ? 'phone:settings.account.errors.serverInvalid' : 'phone:settings.account.errors.tooLong';
  }
  return { input: null, problems };
}

/** How each field is typed and what the browser may fill in (never a saved web password). */
export const ACCOUNT_INPUTS: Record<AccountField, { type: 'text' | 'url' | 'password'; autoComplete: string }> = {
  server: { type: 'url', autoComplete: 'off' },
  username: { type: 'text', autoComplete: 'off' },
  password: { type: 'password', autoComplete: 'new-password' },
  domain: { type: 'text', autoComplete: 'off' },
  authorizationUser: { type: 'text', autoComplete: 'off' },
  displayName: { type: 'text', autoComplete: 'name' },
};

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

export function draftOf(view: SipAccountView | null): AccountDraft {
  return {
    server: view?.server ?? '',
    username: view?.username ?? '',
    password: '',
    domain: view?.domain ?? '',
    authorizationUser: view?.authorizationUser ?? '',
    displayName: view?.displayName ?? '',
  };
}
