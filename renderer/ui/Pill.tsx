import type { ReactNode } from 'react';

export type PillTone = 'neutral' | 'accent' | 'warning' | 'pending';

interface PillProps {
  readonly children: ReactNode;
  readonly tone?: PillTone;
  readonly title?: string;
  readonly testId?: string;
  readonly className?: string;
}

const TONE_CLASSES: Record<PillTone, string> = {
  neutral: '',
  accent: ' badge--accent',
  warning: ' badge--warning',
  pending: ' badge--pending',
};

/** A short status or count in a rounded chip ("VIP", "2 open escalations", "Not sent yet"). */
export function Pill({ children, tone = 'neutral', title, testId, className }: PillProps) {
  return (
    <span className={`badge${TONE_CLASSES[tone]}${className ? ` ${className}` : ''}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}
