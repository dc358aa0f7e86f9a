// The demo hub's sign-in for `npm start`: a first-line agent in the Amsterdam office. The demo
// seed (server/seed/) creates this account; nothing else may rely on it.
export const DEMO_AGENT_EMAIL = 'anouk.dejong@shop.example';
export const DEMO_PASSWORD = 'loket-demo';
