import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// Lint runs on virtual files at real paths, so the layer a file belongs to is its path.
export const root = path.resolve(import.meta.dirname, '../../..');

function eslintWith(extra: Linter.Config[]): ESLint {
  return new ESLint({
    cwd: root,
    // Type-aware rules need files that exist on disk; the rules under test here do not.
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }, ...extra],
  });
}

const projectConfig = eslintWith([]);

/**
 * The repository's lint config applied to `code` as if it were the file `file` (relative to
 * the root), as `rule: message` lines. `extra` config (e.g. other rule options) goes last.
 */
export async function lintAt(file: string, code: string, extra: Linter.Config[] = []): Promise<string[]> {
  const eslint = extra.length === 0 ? projectConfig : eslintWith(extra);
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}
