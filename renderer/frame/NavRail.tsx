import { EscalationCounts } from '../features/escalations/EscalationCounts.tsx';
import { useNavigationStore } from '../app/stores/navigation-store.ts';
import { useHubStore } from '../app/stores/hub-store.ts';
import { viewsFor } from './views.ts';
import { useT } from '../i18n/use-t.ts';

export function NavRail() {
  const { t } = useT();
  const current = useNavigationStore((state) => state.view);
  const navigate = useNavigationStore((state) => state.navigate);
  const role = useHubStore((state) => (state.status.state === 'signedIn' ? state.status.agent.role : null));
  return (
    <nav className="nav-rail" aria-label={t('frame:nav.label')}>
      <ul>
        {viewsFor(role).map((view) => {
          const Icon = view.icon;
          return (
            <li key={view.id}>
              <button
                type="button"
                className="nav-rail__item"
                aria-current={current === view.id ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${view.digit}`}
                data-view={view.id}
                onClick={() => navigate(view.id)}
              >
                <Icon size={20} aria-hidden="true" />
                <span className="nav-rail__label">{t(view.label)}</span>
                {view.id === 'escalations' ? <EscalationCounts /> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
