#!/usr/bin/env node
// The `secon-bot` command. `npm ci` (through `prepare`) builds it into dist/ (dev/build.mjs): this file
// becomes dist/secon-bot.js, package.json's `bin`, and runs the command bundled into
// dist/secon-bot.cjs through a V8 code cache (bin/code-cache.ts). Run from the sources (tsx), it
// loads the TypeScript directly.
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { runBundle } from './code-cache.ts';

/** Set by the build: the bundle next to this file and its content hash. */
declare const __SECON_BUNDLE__: { file: string; hash: string } | undefined;
const built = typeof __SECON_BUNDLE__ === 'undefined' ? undefined : __SECON_BUNDLE__;

// A reader that stops early (`secon-bot history export | head`) closes the pipe: the command ends
// quietly, as a shell tool does, instead of with a stack trace of the failed write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

// Node 22.1+ also keeps the compiled code of the packages loaded from node_modules (BullMQ, pino…)
// between runs; a no-op on Node 20.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

if (built) {
  const bundle = fileURLToPath(new URL(built.file, import.meta.url));
  process.exitCode = await runBundle({ bundle, hash: built.hash, argv: process.argv });
} else {
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv);
}
