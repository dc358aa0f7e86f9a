import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  readonly icon: LucideIcon;
  readonly title: string;
  readonly children: ReactNode;
  readonly action?: ReactNode;
}

/** What a screen shows when there is nothing yet: what will appear here, and what to do now. */
export function EmptyState({ icon: Icon, title, children, action }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <Icon className="empty-state__icon" aria-hidden="true" size={40} strokeWidth={1.5} />
      <h2 id="empty-state-title">{title}</h2>
      <p>{children}</p>
      {action}
    </section>
  );
}
