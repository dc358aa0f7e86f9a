import { CobrowseButton } from '../features/cobrowse/CobrowseButton.tsx';
import { CobrowsePanel } from '../features/cobrowse/CobrowsePanel.tsx';
import { CustomerView, type CustomerSlots } from '../features/customer/CustomerView.tsx';
import { HubSection } from '../features/hub/HubSection.tsx';
import { PhoneSettingsSection } from '../features/phone/PhoneSettingsSection.tsx';
import { SettingsView } from '../features/settings/SettingsView.tsx';
import { PeakModeSwitch } from '../features/peak-mode/PeakModeSwitch.tsx';
import { TeamView, type TeamSlots } from '../features/team/TeamView.tsx';
import { WrapUpButton, WrapUpPanel } from '../features/wrap-up/WrapUpPanel.tsx';

// The screens made of several features' parts, put together here so that no feature imports
// another: each screen's feature says what it takes (slots, sections), the frame hands it in.

const CUSTOMER_SLOTS: CustomerSlots = { WrapUpPanel, WrapUpButton, CobrowseButton, CobrowsePanel };

/** The customer screen with the wrap-up and co-browse in it. */
export function CustomerScreen() {
  return <CustomerView slots={CUSTOMER_SLOTS} />;
}

/** Settings: the hub's and the phone's sections above the console's own. */
export function SettingsScreen() {
  return <SettingsView sections={{ hub: <HubSection />, phone: <PhoneSettingsSection /> }} />;
}

const TEAM_SLOTS: TeamSlots = { peakSwitch: <PeakModeSwitch /> };

/** The team board with the peak-mode switch on it. */
export function TeamScreen() {
  return <TeamView slots={TEAM_SLOTS} />;
}
