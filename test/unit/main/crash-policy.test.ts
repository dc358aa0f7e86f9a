import { describe, expect, it } from 'vitest';
import { CrashPolicy, MAX_RELOADS_PER_WINDOW, RELOAD_WINDOW_MS, crashPageUrl } from '../../../main/shell/electron/crash-policy.ts';

describe('CrashPolicy', () => {
  it('reloads a crashed page at most 3 times a minute, then shows the error page', () => {
    let now = 0;
    const policy = new CrashPolicy(() => now);
    for (let i = 0; i < MAX_RELOADS_PER_WINDOW; i += 1) {
      expect(policy.decide('crashed')).toBe('reload');
      now += 1_000;
    }
    expect(policy.decide('oom')).toBe('errorPage');
    expect(policy.decide('killed')).toBe('errorPage');
  });

  it('reloads again once the earlier crashes are more than a minute old', () => {
    let now = 0;
    const policy = new CrashPolicy(() => now);
    for (let i = 0; i < MAX_RELOADS_PER_WINDOW; i += 1) policy.decide('crashed');
    now = RELOAD_WINDOW_MS - 1;
    expect(policy.decide('crashed')).toBe('errorPage');
    now = RELOAD_WINDOW_MS;
    expect(policy.decide('crashed')).toBe('reload');
  });

  it('leaves a clean exit alone and never reloads code that failed its integrity check', () => {
    const policy = new CrashPolicy(() => 0);
    expect(policy.decide('clean-exit')).toBe('ignore');
    expect(policy.decide('integrity-failure')).toBe('errorPage');
  });
});

describe('crashPageUrl', () => {
  it('is a script-free page with its own CSP, escaping every text it shows', () => {
    const url = crashPageUrl({ lang: 'de', title: 'Loket <funktioniert> nicht', body: 'Bitte "neu" starten & melden', logFile: '/home/a/.config/Loket/logs/loket.log', logLabel: 'Protokoll:' });
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    const html = decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length));
    expect(html).toContain(`default-src 'none'`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Loket &lt;funktioniert&gt; nicht');
    expect(html).toContain('Bitte &quot;neu&quot; starten &amp; melden');
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('/home/a/.config/Loket/logs/loket.log');
  });
});
