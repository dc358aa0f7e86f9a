import { Link2, LoaderCircle, Phone, UserPlus, UserRoundSearch, X } from 'lucide-react';
import { useId, useState, type KeyboardEvent } from 'react';
import { useCallersStore } from '../../app/stores/callers-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { numberText } from '../../app/phone-format.ts';
import { CallerChooser } from './CallerChooser.tsx';
import { LinkExisting } from './LinkExisting.tsx';
import { NewCustomerForm, type NewCustomerDraft } from './NewCustomerForm.tsx';
import { callerNumber, customerDefaults, popKind, type PopCall } from './screen-pop-model.ts';
import { currentPop, useScreenPopStore } from './screen-pop-store.ts';
import './screen-pop.css';

/**
 * The screen pop's questions, in the frame's notice area (visible on every screen): which of the
 * customers with the caller's number is calling, or who an unknown caller is (a new customer, or
 * one we know under another number). Stays after the call until answered or hidden: the wrap-up
 * needs a customer. What it asks comes from `startScreenPop`, started with the app.
 */
export function ScreenPop() {
  const pops = useScreenPopStore((state) => state.pops);
  const pop = currentPop(pops);
  if (!pop) return null;
  return <PopCard key={pop.call.id} call={pop.call} />;
}

function PopCard({ call }: { call: PopCall }) {
  const { t } = useT();
  const id = useId();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const kind = popKind(call);
  const number = numberText(t, call.remoteNumber, dialCountry);
  const [mode, setMode] = useState<'choose' | 'new' | 'link'>('choose');
  const [draft, setDraft] = useState<NewCustomerDraft>(() => ({
    name: '',
    phone: callerNumber(call.remoteNumber) ?? '',
    email: '',
    ...customerDefaults(call.remoteNumber, dialCountry),
  }));

  const dismiss = () => {
    useScreenPopStore.getState().dismiss(call.id);
    // Hidden after the call: the agent chose not to wrap it up with a customer.
    if (call.state === 'ended') useCallersStore.getState().leftUnnamed(call.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    if (mode === 'choose') dismiss();
    else setMode('choose');
  };

  const title =
    kind === 'chooser' ? t('screenpop:chooser.title', { count: call.matches.length }) : kind === 'lookingUp' ? t('screenpop:lookingUp.title') : t('screenpop:unknown.title');
  const testId = kind === 'chooser' ? 'screen-pop-chooser' : kind === 'lookingUp' ? 'screen-pop-looking-up' : 'screen-pop-unknown';
  const HeadIcon = kind === 'chooser' ? UserRoundSearch : kind === 'lookingUp' ? LoaderCircle : UserPlus;

  return (
    <section
      className={`screen-pop screen-pop--${call.state}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-number`}
      onKeyDown={onKeyDown}
      data-testid={testId}
      data-call-id={call.id}
      data-call-state={call.state}
      data-hub-unreachable={call.hubUnreachable}
      aria-busy={kind === 'lookingUp'}
    >
      <div className="screen-pop__head">
        <HeadIcon size={20} aria-hidden="true" />
        <h2 id={`${id}-title`} className="screen-pop__title">
          {title}
        </h2>
        <span id={`${id}-number`} className="screen-pop__number" data-testid="screen-pop-number">
          <Phone size={14} aria-hidden="true" />
          {call.remoteName ? t('screenpop:namedNumber', { name: call.remoteName, number }) : number}
        </span>
        <button
          type="button"
          className="icon-button icon-button--small screen-pop__dismiss"
          aria-label={t('screenpop:dismiss')}
          title={t('screenpop:dismiss')}
          onClick={dismiss}
          data-testid="screen-pop-dismiss"
        >
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      {call.state === 'ended' ? <p className="hint hint--warning">{t('screenpop:callEnded')}</p> : null}
      {kind === 'chooser' ? (
        <CallerChooser call={call} onDismiss={dismiss} />
      ) : kind === 'lookingUp' ? (
        // No "new customer" while the hub may still know the caller: that would make a duplicate.
        <p className="hint" role="status">
          {t('screenpop:lookingUp.body')}
        </p>
      ) : mode === 'new' ? (
        <NewCustomerForm call={call} draft={draft} onDraft={setDraft} onBack={() => setMode('choose')} />
      ) : mode === 'link' ? (
        <LinkExisting call={call} number={number} onBack={() => setMode('choose')} />
      ) : (
        <div className="screen-pop__choice">
          <p className={call.hubUnreachable ? 'hint hint--warning' : 'hint'} data-testid="screen-pop-unknown-body">
            {call.hubUnreachable ? t('screenpop:unknown.bodyUnreachable') : t('screenpop:unknown.body')}
          </p>
          <FormActions>
            <ActionButton variant="primary" icon={UserPlus} label={t('screenpop:unknown.new')} onClick={() => setMode('new')} testId="screen-pop-new" />
            <ActionButton icon={Link2} label={t('screenpop:unknown.link')} onClick={() => setMode('link')} testId="screen-pop-link" />
          </FormActions>
        </div>
      )}
    </section>
  );
}
