import { Copy } from 'lucide-react';
import { useState } from 'react';
import type { AppInfo } from '../../../common/contract/contract.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { Panel } from '../../ui/Panel.tsx';
import './about.css';

/**
 * Settings → About: version, shell, system and where the log file is, with a button to copy its
 * location (support asks for the file; the agent then finds it in their file manager).
 */
export function AboutSection() {
  const { t } = useT();
  const info = useSettingsStore((state) => state.info);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);

  if (!info) {
    return (
      <p className="hint" role="status">
        {t('common:state.loading')}
      </p>
    );
  }

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Panel title={t('about:title')} testId="about">
      <dl className="facts">
        <dt>{t('about:version')}</dt>
        <dd data-testid="about-version">{info.version}</dd>
        <dt>{t('about:shell')}</dt>
        <dd>{info.shell === 'electron' ? t('about:shellElectron') : t('about:shellWeb')}</dd>
        <dt>{t('about:platform')}</dt>
        <dd>{runtimeSummary(info)}</dd>
        <dt>{t('about:logFile')}</dt>
        <dd>
          {info.logFile === null ? (
            t('about:logFileNone')
          ) : (
            <span className="row about-log">
              {/* A path reads left to right in every language. */}
              <code dir="ltr" className="about-log__path" data-testid="about-log-file">
                {info.logFile}
              </code>
              <button type="button" className="button button--small" onClick={() => void copy(info.logFile ?? '')} data-testid="about-copy-log">
                <Copy size={14} aria-hidden="true" />
                {t('about:copyLocation')}
              </button>
            </span>
          )}
        </dd>
      </dl>
      {info.logFile === null ? null : <p className="hint">{t('about:logHint')}</p>}
      <p className={copied === 'failed' ? 'hint hint--warning' : 'hint'} role="status" data-testid="about-copy-result">
        {copied === null ? '' : copied === 'copied' ? t('about:copied') : t('about:copyFailed')}
      </p>
    </Panel>
  );
}

/** Product names and version numbers: the same in every language. */
function runtimeSummary(info: AppInfo): string {
  const parts = [info.platform, info.arch, `Node ${info.versions.node}`];
  if (info.versions.electron) parts.push(`Electron ${info.versions.electron}`);
  return parts.join(' · ');
}
