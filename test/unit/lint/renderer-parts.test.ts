import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { lintAt, root } from './lint-at.ts';

// The rule with a given allow-list, whatever the repository's list of imports still to remove.
const withAllowList = (allow: string[]): Linter.Config[] => [
  { files: ['renderer/**/*.{ts,tsx}'], rules: { 'loket/renderer-parts': ['error', { allow }] } },
];

const importing = (source: string) => `import { x } from '${source}';\nexport const y = x;\n`;

async function partMessages(file: string, source: string, allow: string[] = []): Promise<string[]> {
  const messages = await lintAt(file, importing(source), withAllowList(allow));
  return messages.filter((m) => m.startsWith('loket/renderer-parts'));
}

describe('one-way renderer features', () => {
  it("fails on a feature importing another feature's internals", async () => {
    const messages = await partMessages('renderer/features/customer/Example.ts', '../wrap-up/wrap-up-model.ts');
    expect(messages).toEqual([expect.stringMatching(/^loket\/renderer-parts: renderer\/features\/customer\/ may not import renderer\/features\/wrap-up\/: a feature never imports another feature/)]);
    expect(await partMessages('renderer/features/search/deep/Example.ts', '../../team/TeamView.tsx')).toHaveLength(1);
    expect(await partMessages('renderer/features/phone/Example.ts', '../settings/index.ts')).toHaveLength(1);
  });

  it('lets a feature use its own files and what every feature may use', async () => {
    const file = 'renderer/features/customer/Example.ts';
    for (const source of [
      './timeline-merge.ts',
      '../../app/stores/phone-store.ts',
      '../../app/use-now.ts',
      '../../ui/Field.tsx',
      '../../bridge/index.ts',
      '../../i18n/use-t.ts',
      '../../media/index.ts',
      '../../../common/phone.ts',
    ]) {
      expect(await partMessages(file, source), source).toEqual([]);
    }
  });

  it('lets only the composition root (frame/) import features', async () => {
    expect(await partMessages('renderer/frame/App.tsx', '../features/phone/CallArea.tsx')).toEqual([]);
    expect(await partMessages('renderer/frame/views.ts', '../features/settings/SettingsView.tsx')).toEqual([]);
    expect(await partMessages('renderer/main.tsx', './frame/App.tsx')).toEqual([]);
  });

  it('fails on a feature importing the frame, and on app/ or ui/ importing a feature or the frame', async () => {
    expect(await partMessages('renderer/features/phone/Example.ts', '../../frame/TopBar.tsx')).toEqual([
      expect.stringMatching(/^loket\/renderer-parts: renderer\/features\/phone\/ may not import renderer\/frame\/: only the entry point/),
    ]);
    expect(await partMessages('renderer/app/stores/example.ts', '../../features/phone/phone-model.ts')).toEqual([
      expect.stringMatching(/^loket\/renderer-parts: renderer\/app\/ may not import renderer\/features\/phone\/: it is used by every feature/),
    ]);
    expect(await partMessages('renderer/app/example.ts', '../frame/App.tsx')).toHaveLength(1);
    expect(await partMessages('renderer/ui/Example.ts', '../features/toasts/ToastArea.tsx')).toHaveLength(1);
    expect(await partMessages('renderer/ui/Example.ts', '../app/stores/toast-store.ts')).toHaveLength(1);
  });

  it('checks re-exports and dynamic imports too', async () => {
    const reexport = "export { x } from '../wrap-up/wrap-up-model.ts';\n";
    const dynamic = "export const load = () => import('../wrap-up/WrapUpPanel.tsx');\n";
    for (const code of [reexport, dynamic]) {
      const messages = await lintAt('renderer/features/customer/Example.ts', code, withAllowList([]));
      expect(messages.filter((m) => m.startsWith('loket/renderer-parts')), code).toHaveLength(1);
    }
  });

  it('passes an import on the allow-list of imports still to remove, and only that one', async () => {
    const allow = ['features/customer -> features/wrap-up'];
    expect(await partMessages('renderer/features/customer/Example.ts', '../wrap-up/WrapUpPanel.tsx', allow)).toEqual([]);
    expect(await partMessages('renderer/features/wrap-up/Example.ts', '../customer/CustomerView.tsx', allow)).toHaveLength(1);
  });

  it('is on in the repository config', async () => {
    const messages = await lintAt('renderer/features/team/Example.ts', importing('../escalations/EscalationsView.tsx'));
    expect(messages).toContainEqual(expect.stringMatching(/^loket\/renderer-parts: renderer\/features\/team\/ may not import renderer\/features\/escalations\//));
  });

  it('points its messages at files that exist', async () => {
    const messages = [
      ...(await partMessages('renderer/features/customer/Example.ts', '../wrap-up/x.ts')),
      ...(await partMessages('renderer/features/customer/Example.ts', '../../frame/x.ts')),
      ...(await partMessages('renderer/ui/Example.ts', '../features/x/y.ts')),
    ];
    expect(messages).toHaveLength(3);
    const named = messages.flatMap((m) => m.match(/renderer\/(?:README\.md|main\.tsx|app\/stores\/)/g) ?? []);
    expect(named).toEqual(expect.arrayContaining(['renderer/README.md', 'renderer/main.tsx', 'renderer/app/stores/']));
    for (const file of named) expect(existsSync(path.join(root, file)), file).toBe(true);
  });
});
