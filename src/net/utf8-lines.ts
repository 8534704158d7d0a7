import { createReadStream } from 'node:fs';
import { utf8ErrorAt } from './utf8.ts';

/** A line of a text file and its number (1-based), without its line break. */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * Reads a (possibly very large) UTF-8 file line by line in constant memory, refusing bytes that
 * are not UTF-8 with a {@link Utf8Error} that gives the byte offset and line — a lenient reader
 * would turn them into "�" and import that. CRLF line ends are taken like LF.
 */
export async function* readUtf8Lines(path: string): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let carry: Uint8Array = new Uint8Array(0);
  let offset = 0;
  let line = 1;
  let partial = '';
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const end = completeUpTo(bytes);
    let text: string;
    try {
      // Whole characters only: a character cut by the chunk boundary waits for the next chunk.
      text = decoder.decode(bytes.subarray(0, end), { stream: true });
    } catch {
      throw utf8ErrorAt(bytes.subarray(0, end), offset, line);
    }
    carry = bytes.subarray(end);
    offset += end;
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    for (const part of parts) yield { line: line++, text: part.endsWith('\r') ? part.slice(0, -1) : part };
  }
  if (carry.length) throw utf8ErrorAt(carry, offset, line);
  if (partial) yield { line, text: partial.endsWith('\r') ? partial.slice(0, -1) : partial };
}

/** Length of the longest prefix that does not end inside a multi-byte character. */
function completeUpTo(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
