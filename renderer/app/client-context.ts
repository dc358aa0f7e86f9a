import { createContext, useContext } from 'react';
import type { LoketClient } from '../bridge/index.ts';

/** The link to main, provided once at the root so components and tests can swap transports. */
export const ClientContext = createContext<LoketClient | null>(null);

export function useClient(): LoketClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientContext.Provider>');
  return client;
}
