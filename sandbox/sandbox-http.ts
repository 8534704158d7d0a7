import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxResponse } from './sandbox-types.ts';

/** Small pure helpers the sandbox servers share for reading requests and writing answers. */

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function json(
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
  headers: Record<string, string> = {},
): SandboxResponse {
  return { status, headers: { 'content-type': contentType, ...headers }, body: JSON.stringify(body) };
}

/** Parses a JSON body; undefined when empty, `{ error }` when it is not JSON. */
export function parseJsonBody(body: Buffer): { value?: unknown; error?: string } {
  if (!body.length) return {};
  try {
    return { value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A form field: text, or a file with its bytes. */
export type FormValue = string | { bytes: Buffer; type: string; name: string };

/**
 * Reads a url-encoded or multipart/form-data body. Multipart parts keep their raw bytes: a part
 * with a non-text Content-Type (or a filename) is a file, even without a filename — twitter-api-v2
 * sends its media chunks that way, and a real server reads them as bytes, not as UTF-8 text.
 */
export async function parseFormBody(body: Buffer, contentType: string): Promise<Map<string, FormValue>> {
  const out = new Map<string, FormValue>();
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) out.set(key, value);
    return out;
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
    const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim();
    if (name !== undefined) {
      const isFile = fileName !== undefined || (type !== undefined && !type.startsWith('text/'));
      out.set(
        name,
        isFile
          ? { bytes: Buffer.from(content), type: type ?? 'application/octet-stream', name: fileName ?? name }
          : content.toString('utf8'),
      );
    }
    start = next;
  }
  return out;
}

export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
