import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxResponse } from './sandbox-types.ts';

/** Small pure helpers the sandbox servers share for reading requests and writing answers. */

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function json(status: number, body: unknown, contentType = 'application/json; charset=utf-8', headers: Record<string, string> = {}): SandboxResponse {
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
 * Reads a url-encoded or multipart/form-data body with the platform's own parser (undici's
 * Response.formData), so the sandbox accepts exactly what a real HTTP stack would send.
 */
export async function parseFormBody(body: Buffer, contentType: string): Promise<Map<string, FormValue>> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const out = new Map<string, FormValue>();
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') out.set(key, value);
    else out.set(key, { bytes: Buffer.from(await value.arrayBuffer()), type: value.type, name: value.name });
  }
  return out;
}

export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
