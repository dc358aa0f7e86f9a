// Entry point of the web shell (`npm run start:web`, and `npm start` where no Electron runtime
// is installed): the same main services as the desktop app, served to a browser on 127.0.0.1.
import { distPaths, findAppRoot, readAppVersion } from '../../app-root.ts';
import { configureLogFile, createLogger } from '../../log.ts';
import { defaultDataDir } from '../../paths.ts';
import { hubFromEnv } from '../../hub/config.ts';
import { createServices } from '../../services.ts';
import { startWebShell } from './server.ts';

const log = createLogger('web-shell');

async function main(): Promise<void> {
  const root = findAppRoot();
  const dataDir = defaultDataDir();
  configureLogFile(dataDir);
  const services = await createServices({
    shell: 'web',
    version: readAppVersion(root),
    dataDir,
    osLocale: Intl.DateTimeFormat().resolvedOptions().locale,
    development: process.env.NODE_ENV !== 'production',
    hub: hubFromEnv(),
  });
  const shell = await startWebShell({
    services,
    rendererDir: distPaths(root).renderer,
    port: parsePort(process.env.LOKET_PORT),
  });
  // stdout carries exactly this line so scripts and tests can find the address.
  process.stdout.write(`Loket console (web shell) is running at ${shell.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    void shell
      .close()
      .then(() => services.dispose())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`LOKET_PORT must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

main().catch((error: unknown) => {
  log.error('the web shell could not start', error);
  process.exit(1);
});
