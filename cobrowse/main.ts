// The snippet's entry: `<script src="https://<hub>/cobrowse.js" data-hub="https://<hub>"
// data-visitor="<token>" data-launcher="on" async>`. Nothing is recorded or sent until the
// customer consents; an identified page only sends its token on the doorbell.
import type { DoorbellMessage } from '../common/cobrowse/protocol.ts';
import { createContext, type SnippetContext } from './context.ts';
import { listenOnDoorbell } from './doorbell.ts';
import { readResume } from './resume.ts';
import { CobrowseSession, type SessionTicket } from './session.ts';
import { showLauncher } from './ui/presence.ts';
import { showCodeWidget, showConsent, type CodeAnswer, type Closable } from './ui/prompts.ts';

interface LoketCobrowse {
  /** Opens the "enter code" widget (a shop's own "share my screen" link calls this). */
  enterCode(): void;
  /** Ends a running session (or closes an open prompt). */
  end(): void;
}

declare global {
  interface Window {
    loketCobrowse?: LoketCobrowse;
  }
}

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[data-hub][src*="cobrowse"]');
}

function hubOrigin(script: HTMLScriptElement | null): string | null {
  try {
    return new URL(script?.dataset.hub || script?.src || '').origin;
  } catch {
    return null;
  }
}

function start(): void {
  if (window.loketCobrowse) return; // installed twice: the first one runs
  const script = ownScript();
  const hub = hubOrigin(script);
  if (!script || !hub) return;
  const token = script.dataset.visitor;
  // The token is for the doorbell only: it does not stay in the page's DOM.
  script.removeAttribute('data-visitor');
  const context = createContext(hub, script.dataset.shop || location.hostname);

  let session: CobrowseSession | null = null;
  let prompt: { sessionId: string; view: Closable } | null = null;

  const begin = (ticket: SessionTicket, consent: boolean, resumed: { control: 'off' | 'on' } | null = null) => {
    if (!consent) {
      new CobrowseSession(context, ticket, () => undefined).connect(false);
      return;
    }
    session = new CobrowseSession(context, ticket, () => (session = null), resumed);
    session.connect(true);
  };

  const ask = (ticket: SessionTicket) => {
    if (session) return; // one session per page
    prompt?.view.close();
    const view = showConsent(context.ui(), context.t, { agent: ticket.agentName, shop: context.shop }, (yes) => {
      prompt = null;
      begin(ticket, yes);
    });
    prompt = { sessionId: ticket.sessionId, view };
  };

  const resume = readResume(hub);
  if (resume) begin(resume, true, { control: resume.control });

  if (token) {
    listenOnDoorbell(context, token, (message: DoorbellMessage) => {
      if (message.t === 'request') ask(message);
      else if (message.t === 'request.closed' && prompt?.sessionId === message.sessionId) {
        prompt.view.close();
        prompt = null;
      }
    });
  }

  let codeWidget: Closable | null = null;
  const enterCode = () => {
    if (session || codeWidget) return;
    codeWidget = showCodeWidget(context.ui(), context.t, (code) => join(context, code, ask), () => (codeWidget = null));
  };
  const join = async (ctx: SnippetContext, code: string, then: (ticket: SessionTicket) => void): Promise<CodeAnswer> => {
    const answer = await joinByCode(ctx, code);
    if (typeof answer === 'string') return answer;
    codeWidget = null;
    then(answer);
    return 'ok';
  };

  if (script.dataset.launcher === 'on') showLauncher(context.ui(), context.t, enterCode);

  window.loketCobrowse = {
    enterCode,
    end: () => {
      prompt?.view.close();
      prompt = null;
      session?.stop();
    },
  };
}

async function joinByCode(context: SnippetContext, code: string): Promise<SessionTicket | 'unknown' | 'failed'> {
  try {
    const response = await fetch(`${context.hub}/cobrowse/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      credentials: 'omit',
    });
    if (response.status === 404 || response.status === 400) return 'unknown';
    if (!response.ok) return 'failed';
    const body = (await response.json()) as Partial<SessionTicket>;
    if (typeof body.sessionId !== 'string' || typeof body.customerKey !== 'string' || typeof body.agentName !== 'string') return 'failed';
    return { sessionId: body.sessionId, customerKey: body.customerKey, agentName: body.agentName };
  } catch {
    return 'failed';
  }
}

start();
