import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheDir, codeCacheFile } from '../../bin/code-cache.ts';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'secon-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built command with its caches under `cacheHome`. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', SECON_BOT_CODE_CACHE: '', ...env },
    encoding: 'utf8',
  });
}

function cacheFiles(cacheHome: string): string[] {
  try {
    return readdirSync(join(cacheHome, 'secon-bot', 'v8'));
  } catch {
    return [];
  }
}

describe('where the code cache lives', () => {
  it('is the user’s own cache folder, or none', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u')).toBe('/x/cache/secon-bot/v8');
    expect(codeCacheDir({}, '/home/u')).toBe('/home/u/.cache/secon-bot/v8');
    expect(codeCacheDir({}, undefined)).toBeUndefined();
    expect(codeCacheDir({ SECON_BOT_CODE_CACHE: 'off', XDG_CACHE_HOME: '/x' }, '/home/u')).toBeUndefined();
  });

  it('has one file per build, Node.js and command; options and odd words share one', () => {
    const node = { version: 'v20.20.2', arch: 'x64' } as NodeJS.Process;
    const hash = 'ab'.repeat(32);
    expect(codeCacheFile('/c', hash, ['node', 'bin', 'preview', 'x.md'], node)).toBe(
      '/c/abababababababab-v20.20.2-x64-preview.bin',
    );
    expect(codeCacheFile('/c', hash, ['node', 'bin', '--help'], node)).toBe(
      '/c/abababababababab-v20.20.2-x64-other.bin',
    );
    expect(codeCacheFile('/c', hash, ['node', 'bin', '../../etc/passwd'], node)).toBe(
      '/c/abababababababab-v20.20.2-x64-other.bin',
    );
    expect(codeCacheFile('/c', hash, ['node', 'bin'], node)).toBe('/c/abababababababab-v20.20.2-x64-other.bin');
  });
});

describe('the built command with its code cache', () => {
  it('writes the cache on the first run and reads it, unchanged, on the next', () => {
    const home = join(dir, 'first');
    const first = run(['--version'], { XDG_CACHE_HOME: home });
    expect(first.status, first.stderr).toBe(0);
    const [file, ...more] = cacheFiles(home);
    expect(more).toEqual([]);
    expect(file).toMatch(new RegExp(`^[0-9a-f]{16}-${process.version}-${process.arch}-other\\.bin$`));
    const path = join(home, 'secon-bot', 'v8', file!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'secon-bot', 'v8')).mode & 0o777).toBe(0o700);
    const bytes = readFileSync(path);
    const second = run(['--version'], { XDG_CACHE_HOME: home });
    expect(second).toMatchObject({ status: 0, stdout: first.stdout });
    // Accepted by V8, so not written again.
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('a command gets its own file', () => {
    const home = join(dir, 'commands');
    expect(run(['--version'], { XDG_CACHE_HOME: home }).status).toBe(0);
    expect(run(['preview', 'news/2023-11-haskovo-workshop.md'], { XDG_CACHE_HOME: home }).status).toBe(0);
    expect(
      cacheFiles(home)
        .map((f) => f.replace(/^.*-/, ''))
        .sort(),
    ).toEqual(['other.bin', 'preview.bin']);
  });

  it('a damaged cache is rejected by V8 and replaced; the command runs as usual', () => {
    const home = join(dir, 'damaged');
    const clean = run(['--version'], { XDG_CACHE_HOME: home });
    const path = join(home, 'secon-bot', 'v8', cacheFiles(home)[0]!);
    const garbage = Buffer.alloc(statSync(path).size, 0x5a);
    writeFileSync(path, garbage);
    const again = run(['--version'], { XDG_CACHE_HOME: home });
    expect(again).toMatchObject({ status: 0, stdout: clean.stdout, stderr: '' });
    expect(readFileSync(path).equals(garbage)).toBe(false);
  });

  it('runs without a cache when it cannot write one or is told not to', () => {
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const unwritable = run(['--version'], { XDG_CACHE_HOME: blocked });
    expect(unwritable).toMatchObject({ status: 0, stderr: '' });
    const home = join(dir, 'off');
    expect(run(['--version'], { XDG_CACHE_HOME: home, SECON_BOT_CODE_CACHE: 'off' }).status).toBe(0);
    expect(cacheFiles(home)).toEqual([]);
  });

  it('ends quietly when the reader closes the pipe early', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'templates', '--help'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', SECON_BOT_CODE_CACHE: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Closed before the command writes anything, like `| head -0`.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
