import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  injectMetaCsp,
  securityHeadersFor,
  VIEWER_CONTENT_SECURITY_POLICY,
} from '../../../main/shell/csp.ts';

// Which policy each page of the built renderer gets, in both shells (they call the same function).

function directives(policy: string): Map<string, string> {
  return new Map(policy.split('; ').map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]));
}

describe('the console page', () => {
  it('may frame only its own origin and runs no inline script or style', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('frame-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toBe("'self'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
  });

  it('keeps its policy on every path but the viewer page', () => {
    for (const urlPath of ['/', '/index.html', '/assets/main-1234.js', '/customer', '/cobrowse-view.htm', '/x/cobrowse-view.html']) {
      expect(securityHeadersFor(urlPath)['Content-Security-Policy'], urlPath).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

describe('the co-browse viewer page', () => {
  it('gets the viewer policy, however its path is spelled', () => {
    for (const urlPath of ['/cobrowse-view.html', '//cobrowse-view.html', '/cobrowse%2Dview.html']) {
      expect(securityHeadersFor(urlPath)['Content-Security-Policy'], urlPath).toBe(VIEWER_CONTENT_SECURITY_POLICY);
    }
  });

  it('lets the shop page style itself but runs only the app\'s scripts, connects nowhere and is framed only by the console', () => {
    const policy = directives(VIEWER_CONTENT_SECURITY_POLICY);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toBe("'self' 'unsafe-inline' http: https:");
    expect(policy.get('connect-src')).toBe("'none'");
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'self'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(VIEWER_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });

  it('keeps the console\'s other security headers', () => {
    const viewer = securityHeadersFor('/cobrowse-view.html');
    const console = securityHeadersFor('/');
    expect({ ...viewer, 'Content-Security-Policy': '' }).toEqual({ ...console, 'Content-Security-Policy': '' });
  });
});

describe('the build\'s meta CSP', () => {
  const html = '<!doctype html><html><head><title>x</title></head></html>';

  it('is the viewer policy in the viewer page and the console policy elsewhere, without frame-ancestors', () => {
    const viewer = injectMetaCsp(html, '/cobrowse-view.html');
    const main = injectMetaCsp(html, '/index.html');
    expect(viewer).toContain("style-src 'self' 'unsafe-inline' http: https:");
    expect(main).toContain("style-src 'self';");
    expect(main).toContain("frame-src 'self'");
    expect(viewer + main).not.toContain('frame-ancestors');
    expect(injectMetaCsp(html)).toBe(main);
  });
});
