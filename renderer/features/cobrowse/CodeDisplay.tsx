import { Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useNow } from '../../app/use-now.ts';
import { useT } from '../../i18n/use-t.ts';
import { codeTimeLeft, formatCountdown, groupCode, spellCode } from './cobrowse-model.ts';

interface CodeDisplayProps {
  readonly code: string;
  readonly codeExpiresAt: string | null;
  readonly pageOnline: boolean;
}

/**
 * The code the agent reads out, big and in two groups ("123 456"), with a copy button (for a
 * chat), how long it is still valid, and — announced once by screen readers — digit by digit.
 */
export function CodeDisplay({ code, codeExpiresAt, pageOnline }: CodeDisplayProps) {
  const { t } = useT();
  const now = useNow(1_000);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const left = codeTimeLeft(codeExpiresAt, now);
  const expired = left === 0;
  // A live region only speaks about changes: it is put in empty, and the code follows a moment later.
  const [announced, setAnnounced] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(code), 100);
    return () => clearTimeout(timer);
  }, [code]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <div className="cobrowse-code" data-testid="cobrowse-code-block">
      <p className="cobrowse-code__label" id="cobrowse-code-label">
        {t('cobrowse:code.label')}
      </p>
      <div className="row">
        <output className={`cobrowse-code__digits${expired ? ' cobrowse-code__digits--expired' : ''}`} aria-labelledby="cobrowse-code-label" data-testid="cobrowse-code" data-code={code}>
          {groupCode(code)}
        </output>
        <button type="button" className="button button--small" onClick={() => void copy()} disabled={expired} data-testid="cobrowse-copy">
          <Copy size={14} aria-hidden="true" />
          {t('cobrowse:code.copy')}
        </button>
      </div>
      {/* Said once when the code appears: digit by digit, not "one hundred twenty-three thousand…". */}
      <p className="visually-hidden" aria-live="polite">
        {announced === null ? '' : t('cobrowse:code.announce', { digits: spellCode(announced) })}
      </p>
      <p className="hint">{t('cobrowse:code.readOut')}</p>
      {pageOnline ? (
        <p className="hint cobrowse-code__online" data-testid="cobrowse-page-online">
          {t('cobrowse:code.pageOnline')}
        </p>
      ) : null}
      {left === null ? null : expired ? (
        <p className="hint hint--warning" role="alert" data-testid="cobrowse-code-expired">
          {t('cobrowse:code.expired')}
        </p>
      ) : (
        <p className="hint" data-testid="cobrowse-code-expiry">
          {t('cobrowse:code.expiresIn', { time: formatCountdown(left) })}
        </p>
      )}
      {copied === null ? null : (
        <p className={copied === 'copied' ? 'hint' : 'hint hint--warning'} role="status">
          {copied === 'copied' ? t('cobrowse:code.copied') : t('cobrowse:code.copyFailed')}
        </p>
      )}
    </div>
  );
}
