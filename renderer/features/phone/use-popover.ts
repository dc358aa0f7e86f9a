import { useEffect, type RefObject } from 'react';

/**
 * A top-bar popover: focus goes in when it opens (the first field, or the first button),
 * Escape closes it and gives focus back to its button, a click elsewhere closes it.
 */
export function usePopover(panel: RefObject<HTMLElement | null>, trigger: RefObject<HTMLElement | null>, onClose: () => void): void {
  useEffect(() => {
    const element = panel.current;
    element?.querySelector<HTMLElement>('[data-autofocus], input:not([type="radio"]), input:checked, button:not(:disabled)')?.focus();
  }, [panel]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Node)) return;
      if (panel.current?.contains(target) || trigger.current?.contains(target)) return;
      onClose();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      if (!(event.target instanceof Node) || !panel.current?.contains(event.target)) return;
      event.preventDefault();
      onClose();
      trigger.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [panel, trigger, onClose]);
}
