// Types for install-runtime.mjs (plain JavaScript: the postinstall runs before anything is built).
export type InstallOutcome = 'absent-package' | 'present' | 'skipped' | 'installed' | 'failed';

export interface InstallRuntimeOptions {
  /** Electron's npm package folder (holds install.js); null when devDependencies are not installed. */
  electronDir?: string | null;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Where the installer's full output goes when it fails; null for nowhere. */
  logFile?: string | null;
  print?: (text: string) => void;
}

export function findElectronDir(): string | null;
export function runtimePresent(electronDir: string): boolean;
export function failureReason(output: string, options?: { timedOutAfterMs?: number }): string;
export function failureMessage(reason: string, logFile: string | null): string;
export function installRuntime(options?: InstallRuntimeOptions): Promise<InstallOutcome>;
