/**
 * A name as it appears in an email address or domain: lower case ASCII, German umlauts as
 * ae/oe/ue, other accents dropped ("Wiśniewska" → "wisniewska", "Müller" → "mueller",
 * "de Jong" → "dejong"); anything else becomes `separator` (nothing, or "-" in a domain).
 */
export function emailPart(text: string, language: string, separator: '' | '-' = ''): string {
  let s = text.toLowerCase();
  if (language === 'de') s = s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');
  s = s.replace(/ß/g, 'ss').replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/œ/g, 'oe');
  s = s.normalize('NFD').replace(/\p{M}/gu, '');
  s = s.replace(/[^a-z0-9]+/g, separator);
  return separator ? s.replace(/^-+|-+$/g, '') : s;
}
