// The demo hub's sign-in for `npm start`: a first-line agent in the Amsterdam office. The demo
// seed (server/seed/) creates this account; nothing else may rely on it.
export const DEMO_AGENT_EMAIL = 'anouk.dejong@shop.example';
export const DEMO_PASSWORD = 'loket-demo';
/** The port `npm start` runs the demo hub on when it is free (the same address every start keeps the console's cache). */
export const DEMO_HUB_PORT = 8740;
