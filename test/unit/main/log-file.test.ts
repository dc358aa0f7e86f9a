import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogFile } from '../../../main/logging/log-file.ts';
import { configureLogFile, createLogger, currentLogFile } from '../../../main/log.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

// The console's log file on a real folder: redacted lines, whole and in order, rotated at the size
// limit into at most five files, and written again after its folder was removed.

const folder = tempDirsPerTest('loket-logs-');

describe('LogFile', () => {
  it('writes each line whole, with time, level and module, redacting numbers and addresses first', async () => {
    const dir = await folder();
    const log = new LogFile(path.join(dir, 'logs'));
    log.write('INFO', 'phone', 'ringing from +31 6 1234 5678', [{ from: 'anouk.dejong@shop.example', order: '#10023' }], new Date('2026-12-06T08:00:00Z'));
    log.write('ERROR', 'sync', 'failed', [new Error('hub said no to 0612345678')]);
    const text = await readFile(path.join(dir, 'logs', 'loket.log'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe("2026-12-06T08:00:00.000Z INFO [phone] ringing from [phone] { from: '[email]', order: '#10023' }");
    expect(lines[1]).toMatch(/^\S+Z ERROR \[sync\] failed Error: hub said no to \[phone\]/);
    expect(text).not.toMatch(/1234|shop\.example/);
    expect((await stat(log.path)).mode & 0o777).toBe(0o600);
  });

  it('rotates at the size limit and keeps at most five files, newest first, no line split', async () => {
    const dir = await folder();
    const log = new LogFile(dir, { maxBytes: 2_000 });
    for (let n = 0; n < 200; n += 1) log.write('INFO', 'test', `line ${String(n).padStart(3, '0')} ${'x'.repeat(40)}`, []);
    const files = log.files();
    expect(files.map((file) => path.basename(file))).toEqual(['loket.log', 'loket.1.log', 'loket.2.log', 'loket.3.log', 'loket.4.log']);
    const contents = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    for (const [index, content] of contents.entries()) {
      expect(Buffer.byteLength(content), files[index]).toBeLessThanOrEqual(2_000);
      for (const line of content.trimEnd().split('\n')) expect(line).toMatch(/^\S+Z INFO \[test\] line \d{3} x{40}$/);
    }
    // Newest lines in loket.log, older ones further down, nothing older than the five files.
    const numbers = contents.reverse().flatMap((content) => [...content.matchAll(/line (\d{3})/g)].map((m) => Number(m[1])));
    expect(numbers.at(-1)).toBe(199);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]).toBeGreaterThan(0);
    await expect(stat(path.join(dir, 'loket.5.log'))).rejects.toThrow();
  });

  it('writes again after its folder was removed, and carries on when it cannot', async () => {
    const dir = await folder();
    const logs = path.join(dir, 'logs');
    const log = new LogFile(logs);
    log.write('INFO', 'test', 'before', []);
    await rm(logs, { recursive: true });
    log.write('INFO', 'test', 'after', []);
    expect(await readFile(log.path, 'utf8')).toMatch(/INFO \[test\] after\n$/);
  });
});

describe('configureLogFile', () => {
  it('sends every module logger to <dataDir>/logs/loket.log', async () => {
    const dir = await folder();
    const file = configureLogFile(dir);
    expect(file).toBe(path.join(dir, 'logs', 'loket.log'));
    expect(currentLogFile()).toBe(file);
    createLogger('hub').warn('refresh refused for', 'eva.janssen@shop.example');
    expect(await readFile(file, 'utf8')).toMatch(/WARN \[hub\] refresh refused for \[email\]\n$/);
  });
});
