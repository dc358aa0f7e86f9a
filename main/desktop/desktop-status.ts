import type { DesktopStatus } from '../../common/contract/desktop.ts';
import { ALL_UNSUPPORTED } from './global-shortcuts.ts';

/**
 * How the desktop integration stands (each global shortcut's registration), for Settings →
 * Desktop. The web shell has no global shortcuts and keeps `unsupported`; the Electron shell sets
 * it after each registration.
 */
export class DesktopStatusStore {
  private current: DesktopStatus = ALL_UNSUPPORTED;

  constructor(private readonly emit: (status: DesktopStatus) => void) {}

  status(): DesktopStatus {
    return this.current;
  }

  set(status: DesktopStatus): void {
    this.current = status;
    this.emit(status);
  }
}
