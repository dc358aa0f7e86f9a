import type { CallView } from '../../../common/contract/telephony.ts';
import { formatPhoneNumber } from '../../app/phone-format.ts';
import { languageName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';
import type { CallerSummary } from './caller-summary.ts';

const SEGMENTS: Readonly<Record<string, 'customer:segments.regular' | 'customer:segments.vip' | 'customer:segments.b2b' | 'customer:segments.new'>> = {
  regular: 'customer:segments.regular',
  vip: 'customer:segments.vip',
  b2b: 'customer:segments.b2b',
  new: 'customer:segments.new',
};

interface CallerFactsProps {
  readonly call: Pick<CallView, 'dialled'>;
  readonly summary: CallerSummary | null;
  readonly dialCountry: string;
  /** Ids for `aria-describedby`: `<idPrefix>-caller` and `<idPrefix>-dialled`. */
  readonly idPrefix: string;
  /** Test ids start with this (`incoming` in the banner, `call` in the call panel). */
  readonly testPrefix: string;
}

/**
 * Who calls and on which line, under the caller's name: the customer's segment and language (or
 * "3 customers have this number", "looking up…", "unknown caller"), and the shop line or queue
 * the customer dialled when the PBX said it.
 */
export function CallerFacts({ call, summary, dialCountry, idPrefix, testPrefix }: CallerFactsProps) {
  const { t } = useT();
  const locale = useLocale();
  const dialled = call.dialled ?? null;
  return (
    <>
      {summary ? (
        <p id={`${idPrefix}-caller`} className="caller-facts" data-testid={`${testPrefix}-caller`} data-caller={summary.kind}>
          {summary.kind === 'customer' ? (
            <>
              {summary.segment ? <Pill tone={summary.segment === 'vip' ? 'accent' : 'neutral'} testId={`${testPrefix}-segment`}>{segmentText(t, summary.segment)}</Pill> : null}
              {summary.language ? (
                <span data-testid={`${testPrefix}-language`} data-language={summary.language}>
                  {t('phone:caller.speaks', { language: languageName(summary.language, locale) })}
                </span>
              ) : null}
            </>
          ) : (
            <span className={summary.kind === 'unknown' && summary.hubUnreachable ? 'caller-facts__warning' : undefined}>{summaryText(t, summary)}</span>
          )}
        </p>
      ) : null}
      {dialled ? (
        <p id={`${idPrefix}-dialled`} className="caller-facts caller-facts__line" data-testid={`${testPrefix}-dialled`} data-number={dialled.number} data-via={dialled.via}>
          {dialled.name
            ? t('phone:caller.dialledNamed', { name: dialled.name, number: formatPhoneNumber(dialled.number, dialCountry) })
            : t('phone:caller.dialled', { number: formatPhoneNumber(dialled.number, dialCountry) })}
        </p>
      ) : null}
    </>
  );
}

function segmentText(t: T, segment: string): string {
  const key = SEGMENTS[segment];
  return key ? t(key) : segment;
}

function summaryText(t: T, summary: Exclude<CallerSummary, { kind: 'customer' }>): string {
  switch (summary.kind) {
    case 'matches':
      return t('phone:caller.matches', { count: summary.count });
    case 'lookingUp':
      return t('phone:caller.lookingUp');
    case 'unknown':
      return summary.hubUnreachable ? t('phone:caller.unknownUnreachable') : t('phone:caller.unknown');
  }
}
