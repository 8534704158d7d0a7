#!/usr/bin/env node
// Builds the `secon-bot` command into plain JavaScript in dist/, so it runs without a TypeScript
// loader. `npm ci` runs it through `prepare`; the test run's global setup runs it too, so the CLI
// tests never exercise a stale build. Type checking stays with `tsc --noEmit` (npm run typecheck).
//
// A bundler (esbuild), not tsc: measured, a command loads far fewer files. tsc emits one file per
// source and leaves the dependencies as they are: `preview` then still loads ~200 ES modules of
// zod, yaml, liquidjs… and ~270 CommonJS files of twitter-text and its core-js polyfills. esbuild
// bundles them into one CommonJS file (dist/secon-bot.cjs) that the launcher (dist/secon-bot.js, from
// bin/secon-bot.ts) runs through a V8 code cache; `--help` runs the program and the commands'
// definitions only, and each command's modules run when that command runs (bench/cli-startup.bench.ts).
// Kept as they are in node_modules (external): what needs its own files at run time — pino starts
// its pretty printer in a worker thread by module name; BullMQ (with ioredis, which it must share
// with us) and the worker's metrics and cron libraries load only when the worker runs anyway; ajv
// only in the X sandbox (bundled, a twentieth of the file every command reads). The platforms'
// client libraries stay bundled: every command that opens the publishing log builds the adapters'
// module graph, and loading them from node_modules made `agenda` ~50 ms slower (measured).
//
// Plain JavaScript (not TypeScript) on purpose: it must run before anything is compiled.
//
//   node dev/build.mjs               build when a source changed since the last build (else say so)
//   node dev/build.mjs --check       exit 1 when dist/ is missing or stale, build nothing
//   node dev/build.mjs --force       build whatever the stamp says
//   node dev/build.mjs --production  the command only: no sandbox platforms, no demo (the image)
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { asciiBundle } from './ascii-bundle.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
/** The folders the command is built from. */
const SOURCE_DIRS = ['bin', 'cli', 'app', 'queues', 'worker', 'web', 'src', 'sandbox', 'dev'];
/** Besides the sources, what changes the output (the lock file: the bundled dependencies' versions). */
const CONFIG_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'dev/build.mjs', 'dev/ascii-bundle.mjs'];
/** Written after a successful build: the hash of every input. */
const STAMP = join(OUT, '.source-hash');
/** The command, as package.json's `bin` names it. */
const BIN = join(OUT, 'secon-bot.js');
/** Loaded from node_modules at run time, not bundled (see above). */
const EXTERNAL = [
  'bullmq',
  'ioredis',
  'pino',
  'pino-pretty',
  'prom-client',
  'node-cron',
  'fastify',
  '@fastify/*',
  'ajv',
];
/** The npm package twitter-text depends on (a file path: the bare name would be Node's own module). */
const PUNYCODE_PACKAGE = join(ROOT, 'node_modules', 'punycode', 'punycode.js');

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

/** One hash over the names and contents of every input: any edit, addition or removal changes it. */
export function sourceHash(mode = 'full') {
  const hash = createHash('sha256').update(`${mode}\0`);
  const sources = SOURCE_DIRS.flatMap((dir) => filesUnder(join(ROOT, dir), '.ts'));
  for (const file of [...sources, ...CONFIG_FILES.map((f) => join(ROOT, f))].sort()) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function isFresh(mode = 'full') {
  return existsSync(BIN) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceHash(mode);
}

/**
 * Production: the tools are not built. The command's import() of one gets a module that throws
 * the error of a missing file, so `secon-bot sandbox` and `demo` say they are not part of this
 * installation (cli/cli-context.ts, importTool).
 */
const toolsLeftOut = {
  name: 'tools-left-out',
  setup(build) {
    build.onResolve({ filter: /\/(sandbox|dev)\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      return { path: args.path, namespace: 'tools-left-out' };
    });
    build.onLoad({ filter: /.*/, namespace: 'tools-left-out' }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(`${args.path} is not in the production build`)}), { code: 'ERR_MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

/**
 * zod's index re-exports its error messages in some fifty languages (a third of its size) as one
 * namespace, so no bundler can leave them out. secon-bot speaks English to the people reading its
 * errors: only the English messages are bundled (zod configures them itself on load).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * twitter-text loads core-js 2 polyfills of ES2015 (Object.defineProperty, Array#sort, RegExp…)
 * for the browsers of its day; Node.js has every one of them natively (engines: >= 20.19), and
 * the polyfills only cost start-up time. They are left out of the bundle: each import of one
 * becomes an empty module.
 */
const noPolyfills = {
  name: 'no-polyfills',
  setup(build) {
    build.onResolve({ filter: /^core-js\/modules\// }, () => ({ path: 'core-js-polyfill', namespace: 'no-polyfills' }));
    build.onLoad({ filter: /.*/, namespace: 'no-polyfills' }, () => ({ contents: '', loader: 'js' }));
  },
};

/**
 * The languages secon-bot checks an item's text against, as franc names them: FRANC_LANGUAGES in
 * src/news/language-check.ts (test/cli/franc-languages.test.ts keeps the two alike).
 */
export const FRANC_LANGUAGES = ['eng', 'deu', 'nld', 'ell', 'bul', 'ron', 'hun', 'pol', 'por', 'lvs', 'spa', 'fra'];

/**
 * franc turns the trigram model of each of its 187 languages into a dictionary when it loads
 * (some 56,000 entries; a fifth of `preview`'s start-up). secon-bot only ever asks it to choose
 * among the project's languages (`only`), and franc never reads another language's model then:
 * only those models are bundled. Every script stays named, so a text in another script still
 * ranks no language, as before.
 */
export const francProjectLanguagesOnly = {
  name: 'franc-project-languages-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]franc[\\/]data\.js$/ }, async (args) => {
      const { data } = await import(pathToFileURL(args.path).href);
      const kept = Object.fromEntries(
        Object.entries(data).map(([script, models]) => [
          script,
          Object.fromEntries(Object.entries(models).filter(([language]) => FRANC_LANGUAGES.includes(language))),
        ]),
      );
      return { contents: `export const data = ${JSON.stringify(kept)};`, loader: 'js' };
    });
  },
};

/** The launcher's file name next to the bundle (see bin/secon-bot.ts). */
const BUNDLE_FILE = 'secon-bot.cjs';

async function bundle(mode) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    console.error('build: esbuild is not installed (run `npm ci`, which installs the dev dependencies and builds)');
    return 1;
  }
  rmSync(OUT, { recursive: true, force: true });
  const production = mode === 'production';
  // The command: one CommonJS file, so that the launcher can run it through a V8 code cache
  // (bin/code-cache.ts; Node 20 has one for scripts only). Each command's modules still run only
  // when that command runs: esbuild wraps every module reached through import() in a function
  // called on first use, and a cached run does not even parse the rest.
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['cli/main.ts'],
    outfile: join(OUT, BUNDLE_FILE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    // ES module builds of the dependencies where they have one (smaller, no CommonJS wrappers).
    mainFields: ['module', 'main'],
    external: EXTERNAL,
    // twitter-text asks for `punycode` and lists the npm package of that name as its dependency, but
    // Node resolves the bare name to its own deprecated module and warns on every run (Node >= 21).
    alias: { punycode: PUNYCODE_PACKAGE },
    // A CommonJS file has no import.meta: the sources' `import.meta.url` (the package root, a
    // createRequire) becomes the bundle's own file URL.
    define: { 'import.meta.url': '__secon_import_meta_url' },
    banner: { js: "const __secon_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: 'linked',
    metafile: true,
    // Less text for V8 to read and pre-parse on a run without a cache.
    // Names stay as they are (no minifyIdentifiers): a stack trace still names its functions, and
    // the linked source maps give file and line (`node --enable-source-maps`).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
    logLevel: 'warning',
    plugins: production
      ? [zodEnglishOnly, noPolyfills, francProjectLanguagesOnly, toolsLeftOut]
      : [zodEnglishOnly, noPolyfills, francProjectLanguagesOnly],
  });
  writeFileSync(join(OUT, 'meta.json'), JSON.stringify(result.metafile));
  // Pure ASCII text starts faster (dev/ascii-bundle.mjs says why and by how much).
  const bundlePath = join(OUT, BUNDLE_FILE);
  const ascii = asciiBundle(readFileSync(bundlePath, 'utf8'), readFileSync(`${bundlePath}.map`, 'utf8'));
  writeFileSync(bundlePath, ascii.code);
  writeFileSync(`${bundlePath}.map`, ascii.map);
  const hash = createHash('sha256').update(ascii.code).digest('hex');
  // The launcher (bin/secon-bot.ts with bin/code-cache.ts): small, an ES module, knows the bundle's hash.
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['bin/secon-bot.ts'],
    outfile: BIN,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    define: { __SECON_BUNDLE__: JSON.stringify({ file: `./${BUNDLE_FILE}`, hash }) },
    // The launcher's way to run the sources (under tsx) is never taken in dist/.
    external: ['../cli/main.ts'],
    logLevel: 'warning',
  });
  chmodSync(BIN, 0o755);
  writeFileSync(STAMP, `${sourceHash(mode)}\n`);
  return 0;
}

export async function build({ force = false, mode = 'full' } = {}) {
  if (!force && isFresh(mode)) {
    console.error('build: dist/ is up to date');
    return 0;
  }
  console.error(
    `build: bundling the command into dist/ (${existsSync(STAMP) ? 'sources changed' : 'first build'}` +
      `${mode === 'production' ? ', production: no sandbox, no demo' : ''})`,
  );
  return bundle(mode);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const mode = args.includes('--production') ? 'production' : 'full';
  if (args.includes('--check')) {
    const fresh = isFresh(mode);
    if (!fresh) console.error('build: dist/ is missing or older than the sources; run `npm run build`');
    process.exitCode = fresh ? 0 : 1;
  } else {
    process.exitCode = await build({ force: args.includes('--force'), mode });
  }
}
