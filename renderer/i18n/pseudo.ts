// The pseudo-locale: every letter accented, text ~40% longer, wrapped in ⟦ ⟧. Hard-coded text
// stands out (it has no accents), clipped text loses its closing bracket, and layouts get the
// length of German or Polish before a translator has seen them.

const ACCENTED: Readonly<Record<string, string>> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ü', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Å', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** Leaves `{{placeholders}}` and `$t(nested)` references intact. */
export function pseudoize(text: string): string {
  const parts = text.split(/(\{\{[^}]*\}\}|\$t\([^)]*\))/g);
  const body = parts
    .map((part, index) => (index % 2 === 1 ? part : [...part].map((ch) => ACCENTED[ch] ?? ch).join('')))
    .join('');
  const letters = text.replace(/\{\{[^}]*\}\}/g, '').length;
  const padding = '~'.repeat(Math.ceil(letters * 0.4));
  return `⟦${body}${padding}⟧`;
}

export type Messages = { readonly [key: string]: string | Messages };

export function pseudoizeAll(messages: Messages): Messages {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [key, typeof value === 'string' ? pseudoize(value) : pseudoizeAll(value)]),
  );
}
