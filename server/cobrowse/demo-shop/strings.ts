// The demo shop's texts: locales/<lng>/demo-shop.json, read once. Every text comes out
// HTML-escaped, placeholders included, since the pages are HTML strings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UI_LANGUAGES, type UiLanguage } from '../../../common/locales.ts';
import type { DemoShopKey } from './catalogue.ts';

type Messages = { [key: string]: string | Messages };
const LOCALES = path.resolve(import.meta.dirname, '..', '..', '..', 'locales');
const catalogues = new Map<UiLanguage, Messages>(
  UI_LANGUAGES.map((language) => [language, JSON.parse(readFileSync(path.join(LOCALES, language, 'demo-shop.json'), 'utf8')) as Messages]),
);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type ShopText = (key: DemoShopKey, values?: Record<string, string>) => string;

export function shopText(language: UiLanguage): ShopText {
  return (key, values = {}) => {
    const find = (messages: Messages | undefined) => {
      let node: Messages | string | undefined = messages;
      for (const part of key.slice('demo-shop:'.length).split('.')) node = typeof node === 'object' ? node[part] : undefined;
      return typeof node === 'string' ? node : undefined;
    };
    const text = find(catalogues.get(language)) ?? find(catalogues.get('en')) ?? key;
    return escapeHtml(text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? ''));
  };
}
