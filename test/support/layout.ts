import type { Page } from 'playwright-core';

/** Each element's own overflow: what it would need against what it has, and whether it leaves the window. */
export async function overflowing(page: Page, selectors: readonly string[]): Promise<string[]> {
  return page.evaluate((list) => {
    const found: string[] = [];
    for (const selector of list) {
      const elements = [...document.querySelectorAll<HTMLElement>(selector)];
      if (elements.length === 0) found.push(`${selector}: missing`);
      for (const element of elements) {
        const box = element.getBoundingClientRect();
        if (element.scrollWidth > element.clientWidth) found.push(`${selector}: needs ${element.scrollWidth}px, has ${element.clientWidth}px`);
        if (box.right > window.innerWidth + 0.5) found.push(`${selector}: ends at ${Math.round(box.right)}px of ${window.innerWidth}px`);
      }
    }
    return found;
  }, selectors);
}
