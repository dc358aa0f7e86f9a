import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { NAMESPACES } from './namespaces.ts';

/** `t` over every namespace: keys are written in full (`'frame:nav.search'`) all over Loket. */
export type T = TFunction<typeof NAMESPACES>;

export function useT() {
  return useTranslation(NAMESPACES);
}
