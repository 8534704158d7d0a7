// Loader hooks of record-imports.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data.out;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(out, `${url}\n`);
  return nextLoad(url, context);
}
