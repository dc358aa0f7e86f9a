// The snippet's look, adopted by its shadow root as a constructed stylesheet: no <style> element
// and no style attribute, so a shop's strict CSP (style-src 'self') has nothing to refuse.
// `:host { all: initial }` keeps the shop's inherited styles out; the shadow root keeps ours in.
export const SNIPPET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483647; }
.card { pointer-events: auto; position: fixed; right: 16px; bottom: 16px; width: min(380px, calc(100vw - 32px));
  background: #fff; color: #1a1a1a; border: 1px solid #c8ccd2; border-radius: 12px; padding: 18px;
  box-shadow: 0 10px 30px rgba(0, 0, 0, 0.25); font-size: 15px; line-height: 1.45; }
.card:focus-visible { outline: 3px solid #1d5fd6; outline-offset: 2px; }
h2 { font-size: 17px; margin: 0 0 8px; font-weight: 650; }
p { margin: 0 0 8px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; margin-top: 14px; }
button { font: inherit; font-size: 15px; border-radius: 8px; padding: 8px 14px; cursor: pointer;
  border: 1px solid #8a9099; background: #fff; color: #1a1a1a; }
button.primary { background: #1d5fd6; border-color: #1d5fd6; color: #fff; font-weight: 600; }
button:focus-visible { outline: 3px solid #1d5fd6; outline-offset: 2px; }
button.primary:focus-visible { outline-color: #0b2f73; }
label { display: block; font-weight: 600; margin: 6px 0 4px; }
input { font: inherit; font-size: 22px; letter-spacing: 0.2em; width: 100%; padding: 8px 10px;
  border: 1px solid #8a9099; border-radius: 8px; color: #1a1a1a; background: #fff; }
input:focus { outline: 3px solid #1d5fd6; outline-offset: 1px; }
.error { color: #a4161a; font-weight: 600; margin-top: 8px; }
.banner { pointer-events: auto; position: fixed; left: 0; right: 0; top: 10px; margin: 0 auto; width: max-content;
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; max-width: calc(100vw - 20px);
  background: #10243f; color: #fff; border-radius: 999px; padding: 6px 8px 6px 16px; font-size: 14px;
  box-shadow: 0 6px 18px rgba(0, 0, 0, 0.3); }
.banner.control { background: #8a1c1c; }
.banner .dot { width: 10px; height: 10px; border-radius: 50%; background: #3ddc84; flex: none; }
.banner button { padding: 5px 12px; font-size: 14px; border-color: #fff; white-space: nowrap; }
.toast { position: fixed; left: 50%; top: 10px; transform: translateX(-50%); background: #10243f; color: #fff;
  border-radius: 999px; padding: 8px 16px; font-size: 14px; }
.launcher { pointer-events: auto; position: fixed; left: 16px; bottom: 16px; background: #10243f; color: #fff;
  border-color: #10243f; font-size: 14px; }
.pointer { position: fixed; left: 0; top: 0; pointer-events: none; will-change: transform; }
.pointer .spot { position: absolute; left: -9px; top: -9px; width: 18px; height: 18px; border-radius: 50%;
  background: rgba(232, 72, 21, 0.85); border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.4); }
.pointer .name { position: absolute; left: 12px; top: 10px; white-space: nowrap; background: #e84815; color: #fff;
  font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 999px; }
.ripple { position: fixed; left: 0; top: 0; width: 44px; height: 44px; margin: -22px 0 0 -22px; border-radius: 50%;
  border: 3px solid #e84815; pointer-events: none; animation: ripple 700ms ease-out forwards; }
@keyframes ripple { from { transform: scale(0.3); opacity: 1; } to { transform: scale(1.6); opacity: 0; } }
@media (prefers-reduced-motion: reduce) { .ripple { animation-duration: 1ms; animation-delay: 600ms; } }
@media (forced-colors: active) { .card, .banner, .toast { border: 2px solid CanvasText; } }
`;
