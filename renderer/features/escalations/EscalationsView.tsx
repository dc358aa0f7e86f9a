import { Inbox, WifiOff } from 'lucide-react';
import { useRef, type KeyboardEvent } from 'react';
import type { EscalationBox } from '../../../common/contract/escalations.ts';
import { LoketError } from '../../../common/errors.ts';
import { useNow } from '../../app/use-now.ts';
import { useT } from '../../i18n/use-t.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { moveIndex } from '../../app/list-keys.ts';
import { EscalationDetailPanel } from './EscalationDetailPanel.tsx';
import { EscalationRow } from './EscalationRow.tsx';
import { listOf } from './escalation-model.ts';
import { useEscalationStore } from './escalation-store.ts';
import { useOpenEscalationStore } from './open-escalation-store.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import './escalations.css';

const LIST_TEXTS = {
  mine: { title: 'escalations:lists.mine', empty: 'escalations:lists.mineEmpty' },
  queue: { title: 'escalations:lists.queue', empty: 'escalations:lists.queueEmpty' },
  created: { title: 'escalations:lists.created', empty: 'escalations:lists.createdEmpty' },
  other: { title: 'escalations:lists.other', empty: 'escalations:lists.otherEmpty' },
} as const satisfies Record<EscalationBox, { title: string; empty: string }>;

type Role = 'first_line' | 'second_line' | 'expert' | 'team_lead' | 'overflow' | 'admin';

/** The lists a role works from: specialists their own and their queue's, leads everyone's, everyone what they raised. */
function listsFor(role: Role | null): EscalationBox[] {
  if (role === 'second_line' || role === 'expert') return ['mine', 'queue', 'created'];
  if (role === 'team_lead') return ['mine', 'queue', 'created', 'other'];
  if (role === 'admin') return ['other', 'created'];
  return ['created'];
}

/** Needs-the-hub: the inbox is the hub's (who may see what, who claimed first); no copy is kept here. */
function needsHub(failure: unknown): boolean {
  return failure instanceof LoketError && (failure.code === 'hub.unreachable' || failure.code === 'hub.notSignedIn');
}

/**
 * The Escalations screen: my escalations, my queue's and the ones I raised, oldest first, each
 * with its SLA timer; one opened beside the lists with its thread and what I may do with it.
 * Up/Down (and Home/End) move between the rows, Enter opens one, Esc closes it.
 */
export function EscalationsView() {
  const { t } = useT();
  const now = useNow(30_000);
  const inbox = useEscalationStore((state) => state.inbox);
  const failure = useEscalationStore((state) => state.failure);
  const role = useHubStore((state) => (state.status.state === 'signedIn' ? state.status.agent.role : null));
  const openId = useOpenEscalationStore((state) => state.id);
  const open = useOpenEscalationStore((state) => state.open);
  const listsRef = useRef<HTMLDivElement>(null);

  if (!inbox) {
    if (failure !== null && needsHub(failure)) {
      return (
        <EmptyState icon={WifiOff} title={t('escalations:offline.title')}>
          {t('escalations:offline.body')}
        </EmptyState>
      );
    }
    if (failure !== null) return <ErrorLine error={failure} testId="escalations-error" />;
    return (
      <p className="hint" role="status" data-testid="escalations-loading">
        {t('escalations:loading')}
      </p>
    );
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && openId) {
      open(null);
      return;
    }
    const rows = [...(listsRef.current?.querySelectorAll<HTMLButtonElement>('.escalation-row__button') ?? [])];
    const index = rows.indexOf(document.activeElement as HTMLButtonElement);
    const next = moveIndex(event.key, index, rows.length);
    if (next === null) return;
    event.preventDefault();
    rows[next]?.focus();
  };

  const lists = listsFor(role);
  const nothing = inbox.escalations.length === 0;
  return (
    <div className={`escalations${openId ? ' escalations--open' : ''}`} data-testid="escalations-view" onKeyDown={onKeyDown}>
      {failure !== null ? (
        <p className="hint escalations__stale" role="status" data-testid="escalations-stale">
          {needsHub(failure) ? t('escalations:offline.stale') : t('escalations:stale')}
        </p>
      ) : null}
      <div className="escalations__lists" ref={listsRef}>
        {nothing ? (
          <EmptyState icon={Inbox} title={t('escalations:empty.title')}>
            {t('escalations:empty.body')}
          </EmptyState>
        ) : (
          lists.map((box) => {
            const items = listOf(inbox.escalations, box);
            const count = box === 'mine' ? inbox.counts.mine : box === 'queue' ? inbox.counts.queue : items.length;
            return (
              <section key={box} className="escalations__list" aria-labelledby={`escalations-${box}`} data-testid={`escalations-list-${box}`}>
                <h2 id={`escalations-${box}`} className="section-title">
                  {t(LIST_TEXTS[box].title)} <span className="escalations__count" data-testid={`escalations-count-${box}`}>{count}</span>
                </h2>
                {items.length === 0 ? (
                  <p className="hint">{t(LIST_TEXTS[box].empty)}</p>
                ) : (
                  <ul className="escalations__rows">
                    {items.map((item) => (
                      <EscalationRow key={item.id} item={item} now={now} selected={item.id === openId} onOpen={() => open(item.id)} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })
        )}
      </div>
      {openId ? <EscalationDetailPanel id={openId} now={now} onClose={() => open(null)} /> : null}
    </div>
  );
}
