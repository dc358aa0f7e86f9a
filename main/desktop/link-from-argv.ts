import { isPhoneLinkScheme } from '../../common/links/phone-link.ts';

// Windows and Linux hand a clicked `loket:`/`tel:`/`callto:`/`sip:` link to the app on its
// command line: at the first start (process.argv) or to the running instance ('second-instance').
// The rest of the command line is Electron's and Chromium's own, and a link-looking switch
// (`--foo=tel:1`) is not a link: only a whole argument that starts with a scheme we handle is.

const MAX_LINK_LENGTH = 4_000;

export function linkFromArgv(argv: readonly string[]): string | null {
  for (const argument of argv.slice(1)) {
    if (typeof argument !== 'string' || argument.startsWith('-')) continue;
    const text = argument.trim();
    if (text.length === 0 || text.length > MAX_LINK_LENGTH) continue;
    if (/^loket:/i.test(text) || isPhoneLinkScheme(text)) return text;
  }
  return null;
}
