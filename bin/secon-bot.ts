#!/usr/bin/env node
// The `secon-bot` command. `npm ci` (through `prepare`) bundles it to dist/secon-bot.js (dev/build.mjs), the
// file package.json's `bin` names: plain JavaScript, no TypeScript loader at run time.
import nodeModule from 'node:module';

// Node 22.1+ keeps compiled code of the modules it loads between runs (a no-op on Node 20).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
