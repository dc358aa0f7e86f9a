// Before the test run, outside its network namespace (where apt can still reach Debian's
// archive): every program the tests drive is installed, from apt when missing.
//   Chromium (end-to-end and telephony tests), PostgreSQL (hub-postgres), and the telephony rig's
//   Kamailio, rtpengine, baresip and iptables.
import { ensureRigPackages } from '../rig/install.ts';
import { ensureChromium } from '../support/chromium.ts';
import { ensurePostgresInstalled } from '../support/postgres.ts';

ensureChromium();
ensurePostgresInstalled();
ensureRigPackages();
