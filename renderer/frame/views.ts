import { House, TriangleAlert, Search, Settings, UserRound, Users, type LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { ViewId } from '../../common/contract/contract.ts';
import { EscalationsView } from '../features/escalations/EscalationsView.tsx';
import { HomeView } from '../features/home/HomeView.tsx';
import { SearchView } from '../features/search/SearchView.tsx';
import { TeamView } from '../features/team/TeamView.tsx';
import { CustomerScreen, SettingsScreen } from './screens.tsx';

export interface ViewDefinition {
  readonly id: ViewId;
  readonly label: 'frame:nav.home' | 'frame:nav.customer' | 'frame:nav.search' | 'frame:nav.escalations' | 'frame:nav.team' | 'frame:nav.settings';
  readonly icon: LucideIcon;
  /** Alt+<digit> */
  readonly digit: string;
  readonly component: ComponentType;
}

/**
 * The left navigation, in order. A new screen is one entry here (and its locale keys). Home is
 * Alt+0 so that the screens agents already know keep their digits.
 */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'home', label: 'frame:nav.home', icon: House, digit: '0', component: HomeView },
  { id: 'customer', label: 'frame:nav.customer', icon: UserRound, digit: '1', component: CustomerScreen },
  { id: 'search', label: 'frame:nav.search', icon: Search, digit: '2', component: SearchView },
  { id: 'escalations', label: 'frame:nav.escalations', icon: TriangleAlert, digit: '3', component: EscalationsView },
  { id: 'team', label: 'frame:nav.team', icon: Users, digit: '4', component: TeamView },
  { id: 'settings', label: 'frame:nav.settings', icon: Settings, digit: '5', component: SettingsScreen },
];
