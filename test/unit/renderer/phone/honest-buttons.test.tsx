import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientContext } from '../../../../renderer/app/client-context.ts';
import { usePhoneStore } from '../../../../renderer/app/stores/phone-store.ts';
import { CustomerCallButton } from '../../../../renderer/features/customer/CustomerActions.tsx';
import { createI18n } from '../../../../renderer/i18n/i18n.ts';
import { NOW, call, fakeMain, phoneStatus, renderApp, resetStores } from './phone-fixture.tsx';

// Buttons that say what is true: the customer card's Call while a call is on, the dial pad
// while the phone cannot call out, and a held call's clock.

vi.mock('../../../../renderer/features/phone/audio-devices.ts', () => ({
  listAudioDevices: () => Promise.resolve({ microphones: [], speakers: [] }),
  watchDevices: () => () => undefined,
  startLevelMeter: () => () => undefined,
  playTestTone: () => Promise.resolve(),
}));

beforeEach(() => {
  resetStores();
  usePhoneStore.setState({ heldSince: {} });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the customer card’s Call', () => {
  async function renderCallButton(language = 'en') {
    const main = fakeMain();
    const i18n = await createI18n(language);
    render(
      <I18nextProvider i18n={i18n}>
        <ClientContext.Provider value={main.client}>
          <CustomerCallButton phone="+31612345678" />
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    return main;
  }

  it('turns into a disabled, non-primary "On a call" while a call is active or being dialled, and back after', async () => {
    const main = await renderCallButton();
    act(() => usePhoneStore.getState().receive(phoneStatus()));
    const button = () => screen.getByTestId('customer-call') as HTMLButtonElement;
    expect(button().textContent).toBe('Call');
    expect(button().disabled).toBe(false);
    expect(button().className).toContain('button--primary');

    for (const state of ['active', 'dialing'] as const) {
      act(() => usePhoneStore.getState().receive(phoneStatus({ calls: [call({ state, direction: 'outbound' })] })));
      expect(button().textContent).toBe('On a call');
      expect(button().disabled).toBe(true);
      expect(button().className).not.toContain('button--primary');
      expect(button().title).toBe('You are already on a call. Finish it before you call this customer.');
    }

    act(() => usePhoneStore.getState().receive(phoneStatus({ calls: [call({ state: 'ended', endedAt: Date.now(), endReason: 'localHangup' })] })));
    expect(button().textContent).toBe('Call');
    fireEvent.click(button());
    await waitFor(() => expect(main.sent('phone.dial')).toEqual([{ target: '+31612345678' }]));
  });

  it('speaks the agent’s language', async () => {
    await renderCallButton('de');
    act(() => usePhoneStore.getState().receive(phoneStatus({ calls: [call()] })));
    expect(screen.getByTestId('customer-call').textContent).toBe('Im Gespräch');
  });
});

describe('the dial pad while the phone is not registered', () => {
  it('refuses to dial with one message that says why and what to do, and calls once the phone is back', async () => {
    const main = fakeMain({
      status: phoneStatus({
        registration: { state: 'reconnecting', error: 'phone.serverUnreachable', retryAt: Date.now() + 8_000 },
        presence: { state: 'offline', until: null },
      }),
    });
    await renderApp(main);
    fireEvent.click(screen.getByTestId('dial-pad-toggle'));
    const pad = screen.getByTestId('dial-pad');
    const input = within(pad).getByTestId('dial-input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '06 12 34 56 78' } });
    const callButton = within(pad).getByTestId('dial-call') as HTMLButtonElement;
    expect(callButton.disabled).toBe(true);
    // Enter in the field is no way around it either.
    fireEvent.submit(pad);
    fireEvent.click(callButton);

    const message = 'Phone server unreachable: no calls can be made right now. Loket keeps trying to connect; you can call as soon as the phone is ready.';
    expect(within(pad).getByTestId('dial-not-ready').textContent).toBe(message);
    expect(within(pad).queryByTestId('dial-error')).toBeNull();
    expect(within(pad).getAllByText(/calls can be made|not connected|not ready/)).toHaveLength(1);
    expect(input.getAttribute('aria-describedby')).toContain(within(pad).getByTestId('dial-not-ready').id);
    expect(main.sent('phone.dial')).toEqual([]);

    // Each state says its own next step.
    main.push(phoneStatus({ registration: { state: 'unregistered' }, presence: { state: 'offline', until: null } }));
    expect(within(pad).getByTestId('dial-not-ready').textContent).toBe('Phone off: no calls can be made right now. Turn the phone on in the phone menu at the top.');
    main.push(phoneStatus({ registration: { state: 'failed', error: 'phone.authFailed' }, presence: { state: 'offline', until: null } }));
    expect(within(pad).getByTestId('dial-not-ready').textContent).toContain('Check the phone account under Settings → Phone');

    main.push(phoneStatus());
    expect(within(pad).queryByTestId('dial-not-ready')).toBeNull();
    expect(callButton.disabled).toBe(false);
    fireEvent.click(callButton);
    await waitFor(() => expect(main.sent('phone.dial')).toEqual([{ target: '+31612345678' }]));
  });
});

describe('a held call', () => {
  it('shows how long it has been on hold, with a label, next to the call time', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const main = fakeMain({ status: phoneStatus({ calls: [call({ answeredAt: NOW - 90_000 })] }) });
    await renderApp(main);
    expect(screen.queryByTestId('call-hold-timer')).toBeNull();
    main.push(phoneStatus({ calls: [call({ answeredAt: NOW - 90_000, held: true })] }));
    expect(screen.getByTestId('call-hold-timer').textContent).toBe('On hold 0:00');

    vi.setSystemTime(NOW + 42_000);
    await waitFor(() => expect(screen.getByTestId('call-hold-timer').textContent).toBe('On hold 0:42'), { timeout: 3_000 });
    expect(screen.getByTestId('call-timer').textContent).toContain('2:12');

    // A status that still says "held" keeps the hold's start; resuming clears it.
    main.push(phoneStatus({ calls: [call({ answeredAt: NOW - 90_000, held: true, muted: true })] }));
    expect(screen.getByTestId('call-hold-timer').textContent).toBe('On hold 0:42');
    main.push(phoneStatus({ calls: [call({ answeredAt: NOW - 90_000 })] }));
    expect(screen.queryByTestId('call-hold-timer')).toBeNull();
  });
});
