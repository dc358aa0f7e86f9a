/** The most a `?link=` may carry (the `links.open` request takes 4,000 characters). */
const MAX_LINK = 4_000;

/**
 * The web shell's form of an outside link: `…/?link=<url-encoded link>#<token>`. Returns the link
 * and removes it from the address bar (history.replaceState keeps the rest of the address, the
 * `#token` too), so a reload does not open it again and it stays out of the history.
 */
export function takeLinkFromAddress(location: Pick<Location, 'href'>, history: Pick<History, 'replaceState' | 'state'>): string | null {
  let url: URL;
  try {
    url = new URL(location.href);
  } catch {
    return null;
  }
  if (!url.searchParams.has('link')) return null;
  const link = url.searchParams.get('link') ?? '';
  url.searchParams.delete('link');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const trimmed = link.trim();
  return trimmed === '' || trimmed.length > MAX_LINK ? null : trimmed;
}
