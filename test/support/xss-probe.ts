import type { BrowserContext, Page } from 'playwright-core';

// Watches a page for stored markup that became more than text (see hostile-data.ts): a handler
// that ran (window.__xss), a handler or script the CSP stopped (securitypolicyviolation), an
// element the data brought along (an inline on* handler, a javascript: or /xss/ URL, a script,
// style or frame), and any request for a /xss/ URL. The CSP alone would stop the handlers from
// running; this also catches markup that was parsed at all, which the app must never do.

/** Runs before the page's own scripts, in every page of the context. */
const PROBE = `(() => {
  const findings = [];
  Object.defineProperty(window, '__xssFindings', { value: findings });
  document.addEventListener('securitypolicyviolation', (event) => {
    findings.push('CSP stopped ' + event.violatedDirective + ': ' + (event.sample || event.blockedURI) + ' at ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber);
  }, true);
  const URL_ATTRIBUTES = /^(src|href|xlink:href|data|action|formaction|srcdoc|poster|background)$/i;
  const FOREIGN = /^(script|style|iframe|frame|object|embed|base|meta|link|form)$/i;
  let loaded = false;
  window.addEventListener('load', () => { loaded = true; });
  const check = (element) => {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) findings.push('inline handler ' + attribute.name + ' on <' + element.localName + '>');
      else if (URL_ATTRIBUTES.test(attribute.name) && (/^\\s*javascript:/i.test(attribute.value) || attribute.value.toLowerCase().includes('/xss/'))) {
        findings.push(attribute.name + '="' + attribute.value + '" on <' + element.localName + '>');
      }
    }
    // The app's own scripts and styles are in the page before it loads; later ones came from data.
    if (loaded && FOREIGN.test(element.localName)) findings.push('<' + element.localName + '> added: ' + element.outerHTML.slice(0, 120));
  };
  const walk = (node) => {
    if (node.nodeType !== 1) return;
    check(node);
    for (const child of node.querySelectorAll('*')) check(child);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') check(record.target);
      else for (const node of record.addedNodes) walk(node);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

export interface XssProbe {
  /** Everything seen that shows markup was parsed or run; empty when the data stayed text. */
  findings(page: Page): Promise<string[]>;
}

/** Installs the probe in every page `context` opens from now on. */
export async function installXssProbe(context: BrowserContext): Promise<XssProbe> {
  await context.addInitScript(PROBE);
  const requests: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (/^javascript:|\/xss\//i.test(url)) requests.push(`request for ${url}`);
  });
  return {
    async findings(page) {
      const inPage = await page.evaluate(() => {
        const probe = window as unknown as { __xss?: unknown; __xssFindings?: string[] };
        return [...(probe.__xss === undefined ? [] : [`ran: window.__xss = ${String(probe.__xss)}`]), ...(probe.__xssFindings ?? ['the probe is not installed'])];
      });
      return [...inPage, ...requests];
    },
  };
}
