// `node --import <this file>` records every module the process loads (ES modules through the
// loader hooks, CommonJS through require) into the file named by RECORD_IMPORTS, one URL a line.
// Used by test/cli/startup.test.ts to check what `secon-bot --help` and `preview` load.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.RECORD_IMPORTS;
if (out) {
  register('./record-imports-hooks.mjs', import.meta.url, { data: { out } });
  const load = Module._load;
  Module._load = function recordRequire(request, parent, isMain) {
    try {
      const resolved = Module._resolveFilename(request, parent, isMain);
      if (resolved.startsWith('/')) appendFileSync(out, `${pathToFileURL(resolved).href}\n`);
    } catch {
      // Not resolvable here: the real require will say why.
    }
    return load.apply(this, [request, parent, isMain]);
  };
}
