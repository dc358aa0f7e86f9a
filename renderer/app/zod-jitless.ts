import { z } from 'zod';

// zod probes for eval (new Function) to compile faster parsers, once per object schema when it is
// built. The page's CSP forbids eval, so the probe can only fail, and it filed a CSP violation at
// every start; without it, a violation means something (a stored handler or script the CSP
// stopped). Imported first by main.tsx: the contract's schemas are built as their modules load.
z.config({ jitless: true });
