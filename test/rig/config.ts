// Everything the rig's processes read, written into the rig's own temp folder at start: Kamailio's
// config (from templates/kamailio.cfg), TLS config and user table, a certificate for WSS, and
// baresip's config folder with its "microphone" tone. Nothing is written outside that folder.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { BARESIP_MODULES_DIR, findKamailioModulesDir, requireProgram } from './install.ts';
import { toneWav } from './wav.ts';

/** Everything listens on loopback only. */
export const RIG_HOST = '127.0.0.1';

/**
 * Fixed ports, as in the proven reference rig. They are fixed (not free ports picked at random)
 * because the rig runs in a private network namespace where nothing else listens; on the host,
 * startRig() refuses to start when one of them is taken.
 */
export const RIG_PORTS = {
  /** Kamailio SIP over UDP (baresip registers here). */
  sipUdp: 5060,
  /** Kamailio SIP over WebSocket (ws://). */
  sipWs: 8080,
  /** Kamailio SIP over secure WebSocket (wss://, self-signed certificate). */
  sipWss: 8443,
  /** rtpengine's control protocol ("ng", UDP), used by Kamailio. */
  rtpengineNg: 22222,
  /** rtpengine's CLI (TCP), used by rig.rtpengineSessions(). */
  rtpengineCli: 9900,
  rtpengineRtp: { min: 30000, max: 30199 },
  /** baresip's own SIP socket (UDP). */
  baresipSip: 5070,
  /** baresip's ctrl_tcp control socket (netstring JSON). */
  baresipCtrl: 4444,
  baresipRtp: { min: 31000, max: 31099 },
} as const;

export interface SipUser {
  /** The SIP user name, also the digest auth user name. */
  readonly user: string;
  readonly password: string;
  /** sip:<user>@127.0.0.1 */
  readonly uri: string;
}

export function sipUser(user: string, password = `pw${user}`): SipUser {
  return { user, password, uri: `sip:${user}@${RIG_HOST}` };
}

/** The subscribers Kamailio knows (digest auth): agents for consoles, the customer's phone, a spare. */
export const RIG_USERS = {
  /** For consoles under test (SIP over WS/WSS); nobody registers them at start. */
  agents: [sipUser('1001'), sipUser('1002'), sipUser('1003')],
  /** The customer's phone: baresip registers it over UDP at start. */
  customer: sipUser('2001'),
  /** A second outside number nobody registers: free for a test's own extra phone. */
  spare: sipUser('2002'),
} as const;

export interface RigPaths {
  readonly dir: string;
  readonly kamailioCfg: string;
  readonly kamailioRunDir: string;
  /** Kamailio's binrpc socket, for `kamcmd -s unix:<path>`. */
  readonly ctlSocket: string;
  readonly certPath: string;
  readonly baresipDir: string;
  /** Where baresip's sndfile module writes each call's audio. */
  readonly recordingsDir: string;
  readonly logsDir: string;
}

const TEMPLATES = path.join(import.meta.dirname, 'templates');

/** Replaces every {{NAME}}; a placeholder without a value is an error, not a silent blank. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    return String(value);
  });
}

/** baresip's account line. answermode=auto answers calls at once (agents calling the customer). */
export function baresipAccountLine(user: SipUser, autoAnswer: boolean): string {
  const registrar = `sip:${RIG_HOST}:${RIG_PORTS.sipUdp};transport=udp`;
  return (
    `<sip:${user.user}@${RIG_HOST}:${RIG_PORTS.sipUdp};transport=udp>;auth_user=${user.user};auth_pass=${user.password};` +
    `outbound="${registrar}";regint=300;answermode=${autoAnswer ? 'auto' : 'manual'};audio_codecs=opus/48000/2,PCMU,PCMA`
  );
}

/** An E.164 number as the rig's PSTN trunk accepts it for a caller id (Kamailio checks the same pattern). */
export const E164_CALLER_ID = /^\+[1-9][0-9]{6,14}$/;

/**
 * A baresip account that only places calls with `callerId` (E.164) as its From user: it does not
 * register (regint=0) and has no credentials; Kamailio lets its INVITEs through as calls from
 * the PSTN trunk (templates/kamailio.cfg, route AUTH) because they come from baresip's socket.
 */
export function baresipCallerLine(callerId: string): string {
  if (!E164_CALLER_ID.test(callerId)) throw new Error(`not an E.164 caller id: "${callerId}" (e.g. +31612345678)`);
  const registrar = `sip:${RIG_HOST}:${RIG_PORTS.sipUdp};transport=udp`;
  return (
    `<sip:${callerId}@${RIG_HOST}:${RIG_PORTS.sipUdp};transport=udp>;` +
    `outbound="${registrar}";regint=0;answermode=manual;audio_codecs=opus/48000/2,PCMU,PCMA`
  );
}

/** baresip's name for an account (its AOR): the user at the registrar, with the port. */
export function baresipAor(user: string): string {
  return `sip:${user}@${RIG_HOST}:${RIG_PORTS.sipUdp}`;
}

/** db_text's table format: a header line with typed columns, then one row per line. */
function subscriberTable(users: readonly SipUser[]): string {
  const rows = users.map((u, i) => `${i + 1}:${u.user}:${RIG_HOST}:${u.password}:::`);
  return ['id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null) ', ...rows, ''].join('\n');
}

const VERSION_TABLE = 'id(int,auto) table_name(string) table_version(int) \n0:version:1\n1:subscriber:7\n';

function tlsConfig(certPath: string, keyPath: string): string {
  return [
    '[server:default]',
    'method = TLSv1.2+',
    'verify_certificate = no',
    'require_certificate = no',
    `private_key = ${keyPath}`,
    `certificate = ${certPath}`,
    '',
    '[client:default]',
    'verify_certificate = no',
    'require_certificate = no',
    '',
  ].join('\n');
}

/**
 * A self-signed certificate for 127.0.0.1 (subjectAltName IP, which TLS clients check). An EC
 * key, because generating RSA-2048 takes longer than starting the whole rig.
 */
async function makeCertificate(certPath: string, keyPath: string): Promise<void> {
  await promisify(execFile)(requireProgram('openssl'), [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '7',
    '-keyout', keyPath, '-out', certPath, '-subj', `/CN=${RIG_HOST}`, '-addext', `subjectAltName=IP:${RIG_HOST}`,
  ]);
}

/** Where everything goes in the rig's folder `dir`. */
export function rigPaths(dir: string): RigPaths {
  const kamailioDir = path.join(dir, 'kamailio');
  return {
    dir,
    kamailioCfg: path.join(kamailioDir, 'kamailio.cfg'),
    kamailioRunDir: path.join(kamailioDir, 'run'),
    ctlSocket: path.join(kamailioDir, 'run', 'ctl.sock'),
    certPath: path.join(kamailioDir, 'cert.pem'),
    baresipDir: path.join(dir, 'baresip'),
    recordingsDir: path.join(dir, 'baresip', 'recordings'),
    logsDir: path.join(dir, 'logs'),
  };
}

/** Writes Kamailio's and baresip's configuration into the rig's folder. */
export async function writeRigFiles(
  paths: RigPaths,
  options: { users: readonly SipUser[]; customer: SipUser; autoAnswer: boolean },
): Promise<void> {
  const modulesDir = findKamailioModulesDir();
  if (!modulesDir) throw new Error('Kamailio modules not found: run `npx tsx test/rig/install.ts`');
  const kamailioDir = path.dirname(paths.kamailioCfg);
  const dbDir = path.join(kamailioDir, 'db');
  const keyPath = path.join(kamailioDir, 'key.pem');
  const tlsCfg = path.join(kamailioDir, 'tls.cfg');
  const toneFile = path.join(paths.baresipDir, 'tone440-8k.wav');
  for (const folder of [dbDir, paths.kamailioRunDir, paths.recordingsDir]) await mkdir(folder, { recursive: true });

  const [kamailioTemplate, baresipTemplate] = await Promise.all([
    readFile(path.join(TEMPLATES, 'kamailio.cfg'), 'utf8'),
    readFile(path.join(TEMPLATES, 'baresip-config'), 'utf8'),
  ]);
  const kamailioCfg = fillTemplate(kamailioTemplate, {
    SIP_UDP_PORT: RIG_PORTS.sipUdp,
    SIP_WS_PORT: RIG_PORTS.sipWs,
    SIP_WSS_PORT: RIG_PORTS.sipWss,
    RTPENGINE_NG_PORT: RIG_PORTS.rtpengineNg,
    MODULES_DIR: modulesDir,
    CTL_SOCKET: paths.ctlSocket,
    TLS_CFG: tlsCfg,
    DB_DIR: dbDir,
    BARESIP_SIP_PORT: RIG_PORTS.baresipSip,
    CUSTOMER_USER: options.customer.user,
  });
  const baresipConfig = fillTemplate(baresipTemplate, {
    BARESIP_SIP_PORT: RIG_PORTS.baresipSip,
    BARESIP_CTRL_PORT: RIG_PORTS.baresipCtrl,
    BARESIP_RTP_PORTS: `${RIG_PORTS.baresipRtp.min}-${RIG_PORTS.baresipRtp.max}`,
    MODULES_DIR: BARESIP_MODULES_DIR,
    TONE_WAV: toneFile,
    RECORDINGS_DIR: paths.recordingsDir,
  });

  await Promise.all([
    makeCertificate(paths.certPath, keyPath),
    writeFile(paths.kamailioCfg, kamailioCfg),
    writeFile(tlsCfg, tlsConfig(paths.certPath, keyPath)),
    writeFile(path.join(dbDir, 'subscriber'), subscriberTable(options.users)),
    writeFile(path.join(dbDir, 'version'), VERSION_TABLE),
    writeFile(path.join(paths.baresipDir, 'config'), baresipConfig),
    writeFile(path.join(paths.baresipDir, 'accounts'), baresipAccountLine(options.customer, options.autoAnswer) + '\n'),
    writeFile(path.join(paths.baresipDir, 'contacts'), options.users.map((u) => `"${u.user}" <${u.uri}>`).join('\n') + '\n'),
    // Two minutes of 440 Hz at 8 kHz: aufile plays it once per call, long enough for any test.
    writeFile(toneFile, toneWav(440, 120, 8000)),
  ]);
}
