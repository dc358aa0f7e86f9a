import { create } from 'zustand';
import { useNavigationStore } from './navigation-store.ts';

interface CustomerState {
  /** The customer on the Customer screen; null shows its empty state. */
  readonly customerId: string | null;
  setCustomer(customerId: string | null): void;
}

/** Which customer is open. A search hit, a call (later) or a refused write opens one. */
export const useCustomerStore = create<CustomerState>()((set) => ({
  customerId: null,
  setCustomer: (customerId) => set({ customerId }),
}));

/** Opens a customer on the Customer screen and goes there. */
export function openCustomer(customerId: string): void {
  useCustomerStore.getState().setCustomer(customerId);
  useNavigationStore.getState().navigate('customer');
}
