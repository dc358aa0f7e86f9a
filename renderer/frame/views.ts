import { House, TriangleAlert, Search, Settings, UserRound, Users, PhoneForwarded, ShoppingCart, type LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { HubStatus, ViewId } from '../../common/contract/contract.ts';
import { CallbacksView } from '../features/callbacks/CallbacksView.tsx';
import { CartsView } from '../features/carts/CartsView.tsx';
import { EscalationsView } from '../features/escalations/EscalationsView.tsx';
import { HomeView } from '../features/home/HomeView.tsx';
import { SearchView } from '../features/search/SearchView.tsx';
import { CustomerScreen, SettingsScreen, TeamScreen } from './screens.tsx';

export interface ViewDefinition {
  readonly id: ViewId;
  readonly label: 'frame:nav.home' | 'frame:nav.customer' | 'frame:nav.search' | 'frame:nav.escalations' | 'frame:nav.team' | 'frame:nav.settings' | 'frame:nav.callbacks' | 'frame:nav.carts';
  readonly icon: LucideIcon;
  /** Alt+<digit> */
  readonly digit: string;
  readonly component: ComponentType;
  /** Roles the rail hides this screen from (the hub refuses their requests anyway). */
  readonly hiddenFor?: readonly AgentRole[];
}

type AgentRole = Extract<HubStatus, { state: 'signedIn' }>['agent']['role'];

/** The screens the rail shows to an agent of this role (all of them before sign-in). */
export function viewsFor(role: AgentRole | null): readonly ViewDefinition[] {
  return role === null ? VIEWS : VIEWS.filter((view) => !view.hiddenFor?.includes(role));
}

/**
 * The left navigation, in order. A new screen is one entry here (and its locale keys). Home is
 * Alt+0 so that the screens agents already know keep their digits; later screens take the next
 * free digit wherever they stand in the rail (Settings stays last).
 */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'home', label: 'frame:nav.home', icon: House, digit: '0', component: HomeView },
  { id: 'customer', label: 'frame:nav.customer', icon: UserRound, digit: '1', component: CustomerScreen },
  { id: 'search', label: 'frame:nav.search', icon: Search, digit: '2', component: SearchView },
  { id: 'escalations', label: 'frame:nav.escalations', icon: TriangleAlert, digit: '3', component: EscalationsView },
  // The board is the team leads' (the hub refuses everyone else its data).
  { id: 'team', label: 'frame:nav.team', icon: Users, digit: '4', component: TeamScreen, hiddenFor: ['first_line', 'second_line', 'expert', 'overflow'] },
  { id: 'callbacks', label: 'frame:nav.callbacks', icon: PhoneForwarded, digit: '6', component: CallbacksView },
  // Overflow agents make no sales calls: the hub refuses them the cart list.
  { id: 'carts', label: 'frame:nav.carts', icon: ShoppingCart, digit: '7', component: CartsView, hiddenFor: ['overflow'] },
  { id: 'settings', label: 'frame:nav.settings', icon: Settings, digit: '5', component: SettingsScreen },
];
