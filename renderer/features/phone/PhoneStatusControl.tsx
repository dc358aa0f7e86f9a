import { ChevronDown, Phone, Power, PowerOff, Settings } from 'lucide-react';
import { useCallback, useId, useRef, type RefObject } from 'react';
import type { PhoneStatus, Presence } from '../../../common/contract/telephony.ts';
import { useNavigationStore } from '../../app/stores/navigation-store.ts';
import { useNow } from '../../app/use-now.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { formatCallDuration, registrationText, registrationTicks } from './phone-model.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { usePhoneCommands, usePhoneRun } from './use-phone.ts';
import { usePopover } from './use-popover.ts';
import { ChoiceGroup } from '../../ui/ChoiceGroup.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import './phone.css';

/** The id of Settings → Phone, for "Phone settings" links. */
export const PHONE_SETTINGS_ID = 'phone-settings';

/** Opens Settings and brings its Phone section into view. */
export function openPhoneSettings(): void {
  useNavigationStore.getState().navigate('settings');
  // The settings screen renders on the next frame.
  requestAnimationFrame(() => {
    const section = document.getElementById(PHONE_SETTINGS_ID);
    section?.scrollIntoView({ block: 'start' });
    section?.querySelector<HTMLElement>('h2')?.focus();
  });
}

/** What the agent can choose; on a call, wrap-up and offline follow from the phone. */
const CHOSEN_PRESENCE = ['available', 'break'] as const;

/** The presences said in a word; wrap-up (with its countdown) and offline are `presenceText`'s own. */
const PRESENCE_LABELS = {
  available: 'phone:presence.available',
  break: 'phone:presence.break',
  onCall: 'phone:presence.onCall',
} as const satisfies Partial<Record<Presence['state'], string>>;

/** The phone's state in one word for the top bar (the sentence is in its menu and its name). */
const SHORT_WORDS = {
  ready: 'phone:status.short.ready',
  noAudio: 'phone:status.short.noAudio',
  connecting: 'phone:status.short.connecting',
  reconnecting: 'phone:status.short.reconnecting',
  failed: 'phone:status.short.failed',
  unregistered: 'phone:status.short.unregistered',
  unconfigured: 'phone:status.short.unconfigured',
} as const;

function shortState({ registration, mediaAttached }: PhoneStatus): keyof typeof SHORT_WORDS {
  if (registration.state === 'registered') return mediaAttached ? 'ready' : 'noAudio';
  return registration.state;
}

/** The agent's presence as the top bar shows it; nothing while the phone is not registered. */
export function presenceText(t: T, presence: Presence, now: number, locale: string): string | null {
  switch (presence.state) {
    case 'wrapUp':
      return presence.until === null
        ? t('phone:presence.wrapUp')
        : t('phone:presence.wrapUpLeft', { time: formatCallDuration(Math.max(0, presence.until - now) + 999, locale) });
    case 'offline':
      return null;
    default:
      return t(PRESENCE_LABELS[presence.state]);
  }
}

/** Top bar: is the phone ready (and why not), the agent's presence, and the phone menu. */
export function PhoneStatusControl({ status }: { status: PhoneStatus }) {
  const { t } = useT();
  const locale = useLocale();
  const open = usePhoneStore((state) => state.popover === 'menu');
  const setPopover = usePhoneStore((state) => state.setPopover);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const wrapUp = status.presence.state === 'wrapUp' && status.presence.until !== null;
  const now = useNow(registrationTicks(status) || wrapUp ? 1_000 : null);

  const shown = registrationText(t, status, now);
  // What screen readers hear: without the countdown, which would be read out every second.
  const announced = registrationText(t, status, Number.POSITIVE_INFINITY).text;
  const presence = presenceText(t, status.presence, now, locale);
  const title = [shown.text, shown.detail, status.registration.aor ? t('phone:status.account', { aor: status.registration.aor }) : null]
    .filter((line) => line !== null)
    .join('\n');

  return (
    <div
      className="phone-status"
      data-testid="phone-status"
      data-registration={status.registration.state}
      data-error={status.registration.error ?? undefined}
      data-presence={status.presence.state}
      data-media={status.mediaAttached}
    >
      <button
        ref={button}
        type="button"
        className="phone-status__button"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title={title}
        onClick={() => setPopover(open ? null : 'menu')}
        data-testid="phone-menu-toggle"
      >
        <span className={`status-dot status-dot--${shown.tone}`} aria-hidden="true" />
        <Phone size={14} aria-hidden="true" />
        {/* The bar shows one short word; the whole sentence (and the countdown) is what screen
            readers hear and what the menu shows, so nothing has to be cut to fit 1024 px. */}
        <span className="phone-status__word" aria-hidden="true" data-testid="phone-status-word">
          {t(SHORT_WORDS[shortState(status)])}
        </span>
        <span className="visually-hidden">
          {t('phone:status.label')}{' '}
          <span data-testid="phone-status-text">{shown.text}</span>
          {shown.detail ? <span className="phone-status__detail">{shown.detail}</span> : null}
        </span>
        {presence ? (
          <span className={`phone-presence phone-presence--${status.presence.state}`} data-testid="phone-presence">
            {presence}
          </span>
        ) : null}
        <ChevronDown size={14} aria-hidden="true" />
      </button>
      <span className="visually-hidden" role="status">
        {t('phone:status.announce', { status: announced })}
      </span>
      {open ? <PhoneMenu id={menuId} status={status} trigger={button} /> : null}
    </div>
  );
}

function PhoneMenu({ id, status, trigger }: { id: string; status: PhoneStatus; trigger: RefObject<HTMLButtonElement | null> }) {
  const { t } = useT();
  const commands = usePhoneCommands();
  const run = usePhoneRun();
  const setPopover = usePhoneStore((state) => state.setPopover);
  const panel = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setPopover(null), [setPopover]);
  usePopover(panel, trigger, close);
  const { registration, presence } = status;
  const wrapUp = presence.state === 'wrapUp' && presence.until !== null;
  const now = useNow(wrapUp || registrationTicks(status) ? 1_000 : null);
  const shown = registrationText(t, status, now);

  const registered = registration.state === 'registered';
  const on = registration.state === 'registered' || registration.state === 'connecting' || registration.state === 'reconnecting';
  const unconfigured = registration.state === 'unconfigured';

  return (
    <div ref={panel} id={id} className="popover phone-menu" role="dialog" aria-labelledby={`${id}-title`} data-testid="phone-menu">
      <h2 id={`${id}-title`} className="popover__title">
        {t('phone:menu.title')}
      </h2>
      <p className={`phone-menu__status phone-menu__status--${shown.tone}`} data-testid="phone-menu-status">
        <span className={`status-dot status-dot--${shown.tone}`} aria-hidden="true" />
        <span>
          {shown.text}
          {shown.detail ? <span className="phone-menu__detail">{shown.detail}</span> : null}
        </span>
      </p>
      {registration.aor ? <p className="hint">{t('phone:status.account', { aor: registration.aor })}</p> : null}
      {registered ? (
        <ChoiceGroup
          legend={t('phone:presence.label')}
          name={`${id}-presence`}
          choices={CHOSEN_PRESENCE.map((state) => ({ value: state, label: t(PRESENCE_LABELS[state]), testId: `presence-${state}` }))}
          value={presence.state === 'available' || presence.state === 'break' ? presence.state : null}
          onChange={(state) => commands.setPresence(state)}
        >
          {presence.state === 'wrapUp' ? (
            <>
              <p className="hint" data-testid="wrap-up-countdown">
                {presence.until === null
                  ? t('phone:presence.wrapUpHint')
                  : t('phone:presence.wrapUpLeftHint', { count: Math.max(0, Math.ceil((presence.until - now) / 1_000)) })}
              </p>
              {/* Calls are held back during wrap-up: "Ready" takes them again now. */}
              <ActionButton small variant="primary" label={t('phone:presence.ready')} onClick={() => run((client) => client.request('phone.wrapUpTime', { action: 'ready' }))} testId="presence-ready" />
            </>
          ) : null}
          {presence.state === 'onCall' ? <p className="hint">{t('phone:presence.onCallHint')}</p> : null}
          {presence.state === 'break' ? <p className="hint">{t('phone:presence.breakHint')}</p> : null}
        </ChoiceGroup>
      ) : null}
      {unconfigured ? <p className="hint">{t('phone:menu.notConfigured')}</p> : null}
      {registration.state === 'failed' && registration.error === 'phone.authFailed' ? <p className="hint">{t('phone:menu.authFailedHint')}</p> : null}
      <FormActions>
        {on ? (
          <ActionButton small icon={PowerOff} label={t('phone:menu.unregister')} onClick={commands.unregister} testId="phone-unregister" />
        ) : unconfigured ? null : (
          <ActionButton small variant="primary" icon={Power} label={t('phone:menu.register')} onClick={commands.register} testId="phone-register" />
        )}
        <ActionButton
          small
          icon={Settings}
          label={t('phone:menu.settings')}
          onClick={() => {
            close();
            openPhoneSettings();
          }}
          testId="phone-open-settings"
        />
      </FormActions>
    </div>
  );
}
