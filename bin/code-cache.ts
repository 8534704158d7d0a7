import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/**
 * Runs the bundled command (one CommonJS file) with a V8 code cache: the compiled code of a run is
 * kept on disk and the next run of the same command reads it instead of parsing and compiling
 * again. Why by hand: Node 22+ can do this for any module (`module.enableCompileCache`), Node 20 —
 * which we support — only through `vm.Script`'s `cachedData`, and only for scripts, not ES modules;
 * hence a CommonJS bundle (dev/build.mjs). Measured in bench/cli-startup.bench.ts.
 *
 * The cache is the user's own (`$XDG_CACHE_HOME` or `~/.cache`, folder mode 700), never a shared
 * temp folder: V8 checks cached code only against the source's length, so a file another user
 * could write would be code they could run as us. For the same reason the file name carries the
 * bundle's content hash (written in by the build): a rebuilt bundle of the same length never meets
 * the old code. One file per command, since each command compiles different functions.
 */
export interface CodeCacheOptions {
  /** The CommonJS bundle to run (absolute path). */
  bundle: string;
  /** The bundle's content hash (hex), from the build. */
  hash: string;
  /** The command's argv; its first word names the cache file. */
  argv: string[];
}

/** What the bundle exports: the command's entry (cli/main.ts). */
interface CommandModule {
  main(argv: string[]): Promise<number>;
}

/** `$SECON_BOT_CODE_CACHE=off` turns the cache off; otherwise `$XDG_CACHE_HOME/secon-bot/v8` or `~/.cache/…`. */
export function codeCacheDir(env: NodeJS.ProcessEnv, home: string | undefined): string | undefined {
  if (env.SECON_BOT_CODE_CACHE === 'off') return undefined;
  const base = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined);
  return base ? join(base, 'secon-bot', 'v8') : undefined;
}

/** The cache file of one command of one bundle on one Node.js build. */
export function codeCacheFile(dir: string, hash: string, argv: string[], node = process): string {
  const word = argv[2];
  const command = word && /^[a-z][a-z-]{0,24}$/.test(word) ? word : 'other';
  return join(dir, `${hash.slice(0, 16)}-${node.version}-${node.arch}-${command}.bin`);
}

/** Runs the bundle's `main(argv)` and returns its exit code; the cache is written once the process exits. */
export function runBundle(options: CodeCacheOptions): Promise<number> {
  const dir = codeCacheDir(process.env, safeHome());
  const file = dir ? codeCacheFile(dir, options.hash, options.argv) : undefined;
  const cachedData = file ? readOrUndefined(file) : undefined;
  const script = new vm.Script(nodeModule.wrap(readFileSync(options.bundle, 'utf8')), {
    filename: options.bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (file && (!cachedData || script.cachedDataRejected)) {
    // At exit, so the cache holds what this run compiled (a command's own functions too), and
    // also after commander or a command ends the process with process.exit().
    process.once('exit', () => writeCache(file, script));
  }
  const module = { exports: {} as CommandModule };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  // The CommonJS module wrapper's arguments: the bundle loads its external packages (BullMQ,
  // pino…) with this require(), resolved from the bundle's own folder like any module's.
  run.call(
    module.exports,
    module.exports,
    nodeModule.createRequire(options.bundle),
    module,
    options.bundle,
    dirname(options.bundle),
  );
  return module.exports.main(options.argv);
}

function safeHome(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Caches of other builds (another version, an older build) go once unused for this long. */
const STALE_CACHE_MS = 7 * 24 * 3600 * 1000;

/** Best effort: a read-only home or a full disk only means the next run compiles again. */
function writeCache(file: string, script: vm.Script): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    // Renamed into place: a concurrent run reads the old file or the new one, never half of one.
    renameSync(partial, file);
    pruneStale(dir, Date.now());
  } catch {
    // Nothing to do: the cache is an optimisation.
  }
}

/** Every rebuild writes new files (the name holds the bundle's hash): old ones are removed in time. */
function pruneStale(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > STALE_CACHE_MS) unlinkSync(path);
  }
}
