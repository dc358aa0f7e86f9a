import { KeyRound, Link2 } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AccessStatus } from '../../../common/contract/access.ts';
import { useClient } from '../../app/client-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { AccessPage } from './AccessPage.tsx';
import { linkToEnrol, readPasted } from './access-model.ts';
import { useAccessStore } from './access-store.ts';
import { FailureLine } from './FailureLine.tsx';

type Failed = Extract<AccessStatus, { state: 'failed' }>;

/**
 * A fresh install's first screen (and where a failed enrolment returns): paste the link the team
 * lead sent — or just its code, and then the hub's address — or sign in with a password.
 */
export function FirstScreen({ failed, passwordSignIn }: { failed: Failed | null; passwordSignIn: ReactNode }) {
  const { t } = useT();
  const [withPassword, setWithPassword] = useState(false);
  const passwordId = useId();
  return (
    <AccessPage title={t('access:first.title')} testId="access-first" data-state={failed ? 'failed' : 'none'}>
      <p className="access-page__lead">{t('access:first.lead')}</p>
      <LinkForm failed={failed} />
      <div className="access-page__alternative">
        <ActionButton
          icon={KeyRound}
          label={t('access:first.withPassword')}
          expanded={withPassword}
          onClick={() => setWithPassword((open) => !open)}
          testId="access-with-password"
        />
        <p className="hint">{t('access:first.withPasswordHint')}</p>
      </div>
      {withPassword ? <div id={passwordId}>{passwordSignIn}</div> : null}
      <div>
        <ActionButton small label={t('access:first.lookAround')} onClick={() => useAccessStore.getState().lookAround()} testId="access-look-around" />
      </div>
    </AccessPage>
  );
}

function LinkForm({ failed }: { failed: Failed | null }) {
  const { t } = useT();
  const client = useClient();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [hub, setHub] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [missing, setMissing] = useState<'text' | 'hub' | null>(null);
  const pasted = readPasted(text);

  // The field takes the focus at once, so pasting is the agent's only move.
  useEffect(() => field.current?.focus(), []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pasted.kind === 'empty') return setMissing('text');
    const link = linkToEnrol(pasted, hub);
    if (!link) return setMissing('hub');
    setMissing(null);
    setFailure(null);
    setBusy(true);
    client
      .request('access.enroll', { link })
      .then(
        (status) => useAccessStore.getState().receive(status),
        (error: unknown) => setFailure(error),
      )
      .finally(() => setBusy(false));
  };

  return (
    <Panel title={t('access:first.linkTitle')} testId="access-link-panel">
      <form className="form" onSubmit={submit} noValidate data-testid="access-link-form">
        <TextField
          id={`${id}-link`}
          inputRef={field}
          label={t('access:first.linkLabel')}
          hint={t('access:first.linkHint')}
          error={missing === 'text' ? t('access:first.linkMissing') : undefined}
          inputClassName="access-page__link-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={2_000}
          value={text}
          onValueChange={setText}
          testId="access-link"
        />
        {pasted.kind === 'code' ? (
          <TextField
            id={`${id}-hub`}
            label={t('access:first.hubLabel')}
            hint={t('access:first.hubHint', { code: pasted.code })}
            error={missing === 'hub' ? t('access:first.hubMissing') : undefined}
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={hub}
            onValueChange={setHub}
            testId="access-hub"
          />
        ) : null}
        {failure ? <ErrorLine error={failure} testId="access-error" /> : failed && !busy ? <FailureLine failed={failed} /> : null}
        <FormActions>
          <ActionButton type="submit" variant="primary" icon={Link2} label={t('access:first.enrol')} busyLabel={t('access:first.enrolling')} busy={busy} testId="access-enrol" />
        </FormActions>
      </form>
    </Panel>
  );
}
