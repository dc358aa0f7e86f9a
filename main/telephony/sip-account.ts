import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SipAccountInput, SipAccountView } from '../../common/contract/telephony.ts';
import { LoketError } from '../../common/errors.ts';
import type { SecretVault } from '../cache/vault.ts';
import { JsonFile } from '../settings/json-file.ts';

/** Everything needed to register; never crosses to the renderer (see `SipAccountView`). */
export interface SipAccount {
  readonly source: 'settings' | 'hub';
  readonly server: string;
  readonly username: string;
  readonly domain: string;
  readonly authorizationUser: string;
  readonly displayName: string;
  readonly password: string;
}

const StoredAccount = z.strictObject({
  server: z.string(),
  username: z.string(),
  domain: z.string(),
  authorizationUser: z.string(),
  displayName: z.string(),
});
type StoredAccount = z.infer<typeof StoredAccount>;

/** What the hub's `GET /me/sip-account` answers (the agent's own account, password included). */
export const HubSipAccount = z.object({
  server: z.string(),
  domain: z.string().nullish(),
  username: z.string(),
  authorizationUser: z.string().nullish(),
  displayName: z.string().nullish(),
  password: z.string(),
});

/** The SIP domain when none is given: the server's host name. */
export function domainOf(account: Pick<SipAccount, 'domain' | 'server'>): string {
  if (account.domain) return account.domain;
  return new URL(account.server).hostname;
}

/**
 * The SIP account: what the agent typed in Settings (the password in the key store, the rest
 * in a file), or — when the hub has one for this agent — the hub's, fetched after sign-in and
 * kept in memory only (the hub is asked again on the next start).
 */
export class SipAccountStore {
  readonly #file: JsonFile<StoredAccount>;
  readonly #vault: SecretVault;
  #stored: StoredAccount | undefined;
  #fromHub: SipAccount | undefined;

  private constructor(file: JsonFile<StoredAccount>, vault: SecretVault) {
    this.#file = file;
    this.#vault = vault;
  }

  static async open(dataDir: string, vault: SecretVault): Promise<SipAccountStore> {
    const store = new SipAccountStore(new JsonFile(path.join(dataDir, 'sip-account.json'), StoredAccount), vault);
    store.#stored = (await store.#file.read()).value;
    return store;
  }

  /** The account to register with: the hub's wins over the typed one. */
  current(): SipAccount | null {
    if (this.#fromHub) return this.#fromHub;
    if (!this.#stored) return null;
    const password = this.#vault.read('sip-password')?.toString('utf8') ?? '';
    return { source: 'settings', ...this.#stored, password };
  }

  view(): SipAccountView {
    const account = this.current();
    if (!account) return { source: 'none', server: '', username: '', domain: '', authorizationUser: '', displayName: '', hasPassword: false };
    const { password, ...rest } = account;
    return { ...rest, hasPassword: password !== '' };
  }

  async save(input: SipAccountInput): Promise<SipAccountView> {
    if (input.server.startsWith('ws://') && !isLocalServer(input.server)) {
      // Plain ws:// would send the digest exchange and every caller's number in clear text.
      throw new LoketError('request.invalid', { field: 'server' });
    }
    const { password, ...rest } = input;
    await this.#file.write(rest);
    if (password !== '') this.#vault.write('sip-password', Buffer.from(password, 'utf8'));
    this.#stored = rest;
    return this.view();
  }

  /** The end of access: no account is left, in memory or on disk (main/access/wipe.ts removes the files too). */
  async forget(): Promise<void> {
    this.#stored = undefined;
    this.#fromHub = undefined;
    this.#vault.delete('sip-password');
    await rm(this.#file.file, { force: true });
  }

  /** True when this changed the account to register with. */
  setFromHub(account: z.infer<typeof HubSipAccount> | null): boolean {
    const before = JSON.stringify(this.#fromHub ?? null);
    this.#fromHub = account
      ? {
          source: 'hub',
          server: account.server,
          username: account.username,
          domain: account.domain ?? '',
          authorizationUser: account.authorizationUser ?? '',
          displayName: account.displayName ?? '',
          password: account.password,
        }
      : undefined;
    return JSON.stringify(this.#fromHub ?? null) !== before;
  }
}

function isLocalServer(server: string): boolean {
  const host = new URL(server).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}
