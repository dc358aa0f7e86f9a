import { mkdir } from 'node:fs/promises';
import type { AppInfo, ShellKind } from '../common/contract/contract.ts';
import { createEventHub, type EventHub } from './contract/events.ts';
import { serve, type Dispatcher } from './contract/serve.ts';
import path from 'node:path';
import { keyFileVault, type SecretVault } from './cache/vault.ts';
import { HubRequestError, HubSession, type HubCredentials } from './hub/hub-session.ts';
import { SettingsStore } from './settings/settings-store.ts';
import { DataFront } from './data/data-front.ts';
import { HubSipAccount, SipAccountStore } from './telephony/sip-account.ts';
import { Softphone, type SoftphoneTimings } from './telephony/softphone.ts';
import { callLogListener } from './telephony/call-log.ts';
import { RecentCalls } from './telephony/recent-calls.ts';
import { HomeReads } from './data/home-reads.ts';
import { CallerId } from './caller-id/caller-id.ts';
import { HandoffInbox } from './handoffs/handoff-inbox.ts';
import { ExpertTransfer } from './handoffs/expert-transfer.ts';
import { HANDOFF_HEADER, handoffIdFromHeader } from './handoffs/handoff-match.ts';
import { OutboundCalls } from './callbacks/outbound-calls.ts';
import { TeamBoard } from './board/team-board.ts';
import { EnrollmentDesk } from './enrollments/enrollment-desk.ts';
import { EscalationDesk } from './escalations/escalation-desk.ts';
import { createLogger, currentLogFile } from './log.ts';
import { UiMemory } from './ui-state/ui-memory.ts';
import { CobrowseDesk } from './cobrowse/cobrowse-desk.ts';
import { Notifier } from './notifications/notifier.ts';
import { openLink } from './links/open-link.ts';
import { DesktopStatusStore } from './desktop/desktop-status.ts';
import { createMainTranslator, resolveLanguage } from './i18n.ts';
import { createAccessService } from './access/access-wiring.ts';
import type { AccessService } from './access/access-service.ts';
import type { AccessCalls } from './access/access-end.ts';

const log = createLogger('services');

/**
 * Live hub events the page hears as `hub.live` (escalations, callbacks, presence, peak mode,
 * hand-offs, interactions): the kinds its live screens refetch on. Payloads are ids and states.
 */
const LIVE_KINDS_FOR_PAGE = /^(escalation|callback|cart|presence|peak_mode|handoff|interaction|board|overflow)\./;

export interface ServicesOptions {
  readonly shell: ShellKind;
  readonly version: string;
  readonly dataDir: string;
  readonly osLocale: string;
  readonly development: boolean;
  readonly electronVersions?: { electron: string; chrome: string };
  /** The team's hub and the account to sign in with (the demo account under `npm start`). */
  readonly hub?: HubCredentials | undefined;
  /** Where secrets live: the OS keychain in the Electron shell; by default 0600 files (web shell). */
  readonly vault?: SecretVault | undefined;
  /** Softphone timings (tests and the benchmark shorten keep-alives); defaults otherwise. */
  readonly phoneTimings?: Partial<SoftphoneTimings> | undefined;
  /** Which calls the end of access waits for: the softphone's by default (tests without a SIP server drive their own). */
  readonly accessCalls?: AccessCalls | undefined;
  /** The local clocks the hub clock runs on (tests move the wall clock); Date.now and performance.now by default. */
  readonly accessClock?: { readonly now: () => number; readonly monotonic: () => number } | undefined;
}

export interface Services {
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  readonly settings: SettingsStore;
  readonly info: AppInfo;
  readonly hub: HubSession;
  readonly data: DataFront;
  readonly phone: Softphone;
  /** The access life cycle (enrollment, end of access and wipe); `enroll(link)` is its port for links. */
  readonly access: AccessService;
  /** Main's OS notifications (one policy for both shells); the Electron shell gives it its own port. */
  readonly notifier: Notifier;
  /** The global shortcuts' registration (the Electron shell sets it). */
  readonly desktop: DesktopStatusStore;
  dispose(): Promise<void>;
}

/**
 * The composition root: every main-process service is created here, once, and both shells put
 * the same `Services` behind their transport. Later features (telephony, cache, sync) add
 * themselves here and their handlers to `serve`.
 */
export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const events = createEventHub();
  const settings = await SettingsStore.open(options.dataDir);
  settings.onChange((next) => events.emit('settings.changed', next));

  const info: AppInfo = {
    name: 'Loket',
    version: options.version,
    shell: options.shell,
    platform: process.platform,
    arch: process.arch,
    versions: {
      node: process.versions.node,
      electron: options.electronVersions?.electron ?? null,
      chrome: options.electronVersions?.chrome ?? null,
    },
    osLocale: options.osLocale,
    development: options.development,
    logFile: currentLogFile(),
  };

  const vault = options.vault ?? keyFileVault(path.join(options.dataDir, 'secrets'));
  const hub = new HubSession({ credentials: options.hub, vault, deviceName: `Loket ${options.shell} console` });
  hub.onChange((status) => events.emit('hub.changed', status));
  const data = new DataFront({ dataDir: options.dataDir, vault, session: hub, events, retentionDays: () => settings.get().cacheRetentionDays });
  data.start();

  const accounts = await SipAccountStore.open(options.dataDir, vault);
  let presenceSent: Promise<void> = Promise.resolve();
  const phone = new Softphone({
    events,
    accounts,
    settings: () => settings.get(),
    // One PUT /presence at a time, in order: two in flight could arrive swapped and leave the hub
    // with the older state (the agent then missing from auto-assignment and the free colleagues).
    publishPresence: (status) => {
      presenceSent = presenceSent.catch(() => undefined).then(async () => {
        if (hub.status().state === 'signedIn') await hub.request('PUT', '/presence', { status });
      });
      return presenceSent;
    },
    timings: options.phoneTimings,
  });
  phone.onCall(callLogListener((entry) => data.calls.log(entry)));
  // The Home screen's calls of this session (missed ones too) beside the cache's contacts.
  const recentCalls = new RecentCalls();
  phone.onCall(recentCalls.listener);
  const home = new HomeReads(data, (from, to) => recentCalls.between(from, to));
  const board = new TeamBoard(hub);
  const enrollments = new EnrollmentDesk(hub);
  const escalations = new EscalationDesk(hub);
  // Hand-offs offered to this agent: a transferred call is named by them while it rings.
  const handoffs = new HandoffInbox({ hub });
  const expertTransfer = new ExpertTransfer(hub, phone);
  // The caller-id service reaches customer data through this port only.
  const callerId = new CallerId({
    phone,
    handoffs: {
      match: (call) => handoffs.match(handoffIdFromHeader(phone.inviteHeader(call.id, HANDOFF_HEADER)), call.remoteNumber),
      fetch: (id) => handoffs.fetch(id),
      answered: (id) => handoffs.answered(id),
    },
    data: {
      byPhone: (e164) => data.customers.byPhone(e164),
      lookupOnline: (e164) => data.customers.lookupCallerOnline(e164),
      cached360: (id) => data.customers.cached(id),
      customer360: (id) => data.customers.get(id),
      // A sync (or a write) changed customers: a ringing caller the cache missed may be there now.
      onCustomersChanged: (listener) =>
        events.subscribe((name) => {
          if (name === 'customers.changed') listener();
        }),
    },
    emit: (caller) => events.emit('calls.caller', caller),
  });
  // The hub keeps each agent's SIP account: fetched after every sign-in and whenever the hub
  // says it changed (it wins over Settings).
  // The latest fetch: enrollment waits for the one its sign-in started instead of asking again.
  let sipAccountFetch: Promise<void> | null = null;
  const fetchSipAccount = () =>
    (sipAccountFetch = hub
      .request('GET', '/me/sip-account')
      // 404: the hub keeps no account for this agent (Settings' then applies). Any other
      // failure (hub unreachable) changes nothing: the last known account stays.
      .then(
        (body) => HubSipAccount.parse(body),
        (error: unknown) => {
          if (error instanceof HubRequestError && error.status === 404) return null;
          throw error;
        },
      )
      // Every sign-in and token refresh asks; only a different account restarts the phone.
      .then((account) => (accounts.setFromHub(account) ? phone.accountChanged() : undefined))
      .catch((error: unknown) => log.warn('could not apply the hub\'s SIP account', error)));
  hub.onChange((status) => {
    if (status.state === 'signedIn') void fetchSipAccount();
    // After a sign-in or reconnect: the hand-offs offered meanwhile (an event may have been missed).
    if (status.state === 'signedIn') void handoffs.refresh();
    // Presence published before the sign-in was skipped: the hub gets it now.
    if (status.state === 'signedIn') phone.republishPresence();
    else if (status.state === 'off') handoffs.clear();
  });
  data.onLiveEvent((event) => {
    if (event.kind === 'sip_account.changed') void fetchSipAccount();
    // A transferred call that rang a moment before its hand-off arrived is named now.
    if (event.kind === 'handoff.offered' && handoffs.offered(event.payload)) callerId.handoffOffered((id) => phone.call(id));
    // The page's live screens (inbox, callbacks, board, peak mode) refetch on the kinds they show.
    if (LIVE_KINDS_FOR_PAGE.test(event.kind)) events.emit('hub.live', { kind: event.kind, payload: event.payload });
  });
  const outbound = new OutboundCalls(hub);
  // Co-browse: the session and the agent's socket live here, so a page reload keeps them.
  const cobrowse = new CobrowseDesk({
    hub,
    emitStatus: (status) => events.emit('cobrowse.status', status),
    emitFrame: (frame) => events.emit('cobrowse.frame', frame),
  });
  // Enrollment by link, the hub clock and the end of access (before the hub starts: it hears every lease).
  const access = createAccessService({ dataDir: options.dataDir, vault, hub, data, phone, accounts, events, fetchSipAccount: () => sipAccountFetch ?? fetchSipAccount(), calls: options.accessCalls, clock: options.accessClock });
  await access.start();
  // OS notifications from main's own events; a click opens the right customer or view in the page.
  const notifier = new Notifier({ events, phone, customerName: (id) => Promise.resolve(data.customers.cached(id)?.customer.name ?? null) });
  const translateNotices = async () => {
    const language = resolveLanguage(settings.get().language, options.osLocale);
    notifier.setTranslator(await createMainTranslator(language), language);
  };
  await translateNotices();
  settings.onChange(() => void translateNotices().catch((error: unknown) => log.warn('notification texts not reloaded', error)));
  const desktop = new DesktopStatusStore((status) => events.emit('desktop.changed', status));
  hub.start();
  phone.start();

  const uiMemory = new UiMemory();
  hub.onChange((status) => {
    if (status.state === 'off') uiMemory.forget();
  });
  const dispatcher = serve({
    'hub.status': () => hub.status(),
    'access.status': () => access.status(),
    'access.enroll': ({ link }) => access.enroll(link),
    'access.confirm': () => access.confirm(),
    'access.acknowledge': () => access.acknowledge(),
    'hub.signIn': (request) => data.signIn(request),
    'hub.signOut': ({ wipe }) => data.signOut(wipe),
    'customers.search': ({ query, limit }) => data.customers.search(query, limit),
    'customers.get': ({ id }) => data.customers.get(id),
    'customers.timeline': ({ customerId, before, limit, filters, text }) => data.history.timeline(customerId, before, limit, { filters, text }),
    'customers.orders': async ({ customerId, limit }) => ({ orders: await data.history.orders(customerId, limit), notHeld: data.customers.ordersNotHeld(customerId) }),
    'customers.recent': () => data.customers.recent(),
    'customers.opened': ({ id }) => data.customers.opened(id),
    'customers.create': (request) => data.writes.createCustomer(request),
    'customers.addPhone': ({ customerId, phone }) => data.writes.addCustomerPhone(customerId, phone),
    'reasons.list': async () => ({ reasons: await data.history.reasons() }),
    'wrapUp.context': ({ customerId, interactionId }) => data.history.wrapUpContext(customerId, interactionId),
    'wrapUp.save': async (request) => {
      const saved = await data.writes.wrapUp(request);
      phone.wrapUpDone(request.interactionId);
      return saved;
    },
    'escalations.create': (request) => data.writes.createEscalation(request),
    'callbacks.create': (request) => data.writes.createCallback(request),
    'callbacks.list': (request) => outbound.callbacks(request),
    'callbacks.outcome': (request) => outbound.callbackOutcome(request),
    'carts.list': () => outbound.carts(),
    'carts.outcome': (request) => outbound.cartOutcome(request),
    'escalations.inbox': () => escalations.inbox(),
    'escalations.get': ({ id }) => escalations.get(id),
    'escalations.claim': ({ id }) => escalations.claim(id),
    'escalations.reply': ({ id, replyId, text }) => escalations.reply(id, replyId, text),
    'escalations.handBack': ({ id, note }) => escalations.handBack(id, note),
    'escalations.resolve': ({ id, outcome, resolution }) => escalations.resolve(id, outcome, resolution),
    'escalations.sla': () => escalations.sla(),
    'directory.list': () => escalations.directory(),
    'notes.add': (note) => data.writes.addNote(note),
    'drafts.save': ({ key, text }) => data.writes.saveDraft(key, text),
    'drafts.get': ({ key }) => data.writes.draft(key),
    'home.today': (request) => home.today(request),
    'board.get': () => board.board(),
    'peakMode.get': () => board.peakMode(),
    'peakMode.set': (change) => board.setPeakMode(change),
    'enrollments.list': () => enrollments.list(),
    'enrollments.create': (request) => enrollments.create(request),
    'enrollments.endAccess': ({ agentId }) => enrollments.endAccess(agentId),
    'enrollments.unsent': ({ agentId }) => enrollments.unsent(agentId),
    'devices.revoke': ({ deviceId }) => enrollments.revokeDevice(deviceId),
    'sync.status': () => data.status(),
    'sync.now': () => data.syncNow(),
    'outbox.setAside': () => data.setAside(),
    'outbox.discard': ({ id }) => data.discard(id),
    'cache.purge': () => data.purge(),
    'phone.status': () => phone.status(),
    'calls.callers': () => ({ callers: callerId.callers() }),
    'phone.register': () => phone.register(),
    'phone.unregister': () => phone.unregister(),
    'phone.dial': ({ target }) => phone.dial(target),
    'phone.answer': ({ callId }) => phone.answer(callId),
    'phone.decline': ({ callId }) => phone.decline(callId),
    'phone.hangup': ({ callId }) => phone.hangup(callId),
    'phone.hold': ({ callId, on }) => phone.hold(callId, on),
    'phone.mute': ({ callId, on }) => phone.mute(callId, on),
    'phone.dtmf': ({ callId, digits }) => phone.dtmf(callId, digits),
    'phone.transfer': ({ callId, target }) => phone.transfer(callId, target),
    'phone.consult': ({ callId, target }) => phone.consult(callId, target),
    'phone.completeTransfer': ({ callId }) => phone.completeTransfer(callId),
    'phone.cancelTransfer': ({ callId }) => phone.cancelTransfer(callId),
    'handoffs.transferToExpert': (request) => expertTransfer.start(request),
    'phone.setPresence': ({ state }) => phone.setPresence(state),
    'phone.wrapUpTime': ({ action }) => phone.wrapUpTime(action),
    'phone.linkCustomer': ({ callId, customerId }) => phone.linkCustomer(callId, customerId),
    'phone.account.get': () => phone.account(),
    'phone.account.set': (input) => phone.saveAccount(input),
    'cobrowse.start': ({ customerId }) => cobrowse.start(customerId),
    'cobrowse.end': ({ sessionId }) => cobrowse.end(sessionId),
    'cobrowse.send': ({ sessionId, message }) => cobrowse.send(sessionId, message),
    'cobrowse.current': () => cobrowse.current(),
    'media.attach': ({ engineId }, context) => (phone.bridge.attach(engineId, context.sender), { attached: true }),
    'media.result': (result) => ({ accepted: phone.bridge.result(result) }),
    'media.stats': (report) => ({ accepted: phone.stats(report) }),
    'app.info': () => info,
    'ui.remember': (state) => uiMemory.remember(state),
    'ui.restore': () => uiMemory.restore(),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.update(patch),
    'diagnostics.ping': ({ nonce }) => ({ nonce, receivedAt: Date.now() }),
    'links.open': ({ url }) => openLink(url, { enroll: (link) => access.enroll(link), command: (command) => events.emit('ui.command', command) }),
    'notifications.act': ({ id, action }) => ({ ok: notifier.act(id, action) }),
    'desktop.status': () => desktop.status(),
  });

  return {
    dispatcher,
    events,
    settings,
    info,
    hub,
    data,
    phone,
    access,
    notifier,
    desktop,
    dispose: async () => {
      notifier.dispose();
      access.dispose();
      await cobrowse.dispose();
      callerId.dispose();
      await phone.dispose();
      hub.stop();
      data.dispose();
      // A setting saved just before the quit still lands in its file before the folder is let go.
      await settings.flush();
    },
  };
}
