import type { IncomingHttpHeaders } from 'node:http';
import type { Platform } from '../src/config/config-schema.ts';

/** An image a sandbox received (bytes kept in memory, served at /_sandbox/media/<id>). */
export interface SandboxMedia {
  id: string;
  mediaType?: string;
  bytes: number;
  altText?: string;
}

/** A post as a sandbox stored it: what a person would see on the platform. */
export interface SandboxPost {
  platform: Platform;
  /** Platform post id (X numeric string, LinkedIn urn:li:share:<n>, Facebook <page>_<n>). */
  id: string;
  /** Account that posted (X user id, LinkedIn organisation URN, Facebook page id). */
  author: string;
  /**
   * The text as stored: as sent on X (its API answers build X's form from it, x-shown-text.ts);
   * as the platform shows it elsewhere (LinkedIn: the cut form).
   */
  text: string;
  /** LinkedIn silent cut: the commentary as received, when it was cut; `text` is the cut form. */
  receivedText?: string;
  /** LinkedIn silent cut: index of the first unescaped reserved character. */
  cutAt?: number;
  /** ISO time of creation. */
  createdAt: string;
  /** Public URL the platform would show. */
  url: string;
  /** X: the post this one replies to (threads). */
  replyTo?: string;
  link?: string;
  article?: { source: string; title?: string; description?: string; thumbnail?: string; thumbnailAltText?: string };
  media: SandboxMedia[];
}

/** One API request a sandbox received (kept for tests that assert URL, headers and body). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The body as text (binary bodies as a byte count note). */
  bodyText: string;
  /** The body parsed as JSON, when it was JSON. */
  json?: unknown;
  /** Status the sandbox answered (0 when the connection was cut). */
  status: number;
  at: string;
}

/** An answer injected for the next matching requests. */
export interface SandboxFault {
  status: number;
  /** An object is sent as JSON in the platform's error content type; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Carry the request out first (the post is stored), then give this answer instead of the real
   * one: the 5xx after the platform took the post, which a client cannot tell from a refusal.
   */
  landed?: boolean;
}

/** Which requests a fault applies to; default: every API request. */
export interface FaultMatch {
  /** HTTP method, e.g. "POST". */
  method?: string;
  /** Substring of the path, e.g. "/2/tweets" (or a RegExp in-process). */
  path?: string | RegExp;
  /** Let this many matching requests through before the fault starts. Default 0. */
  skip?: number;
}

/** The answer a sandbox handler builds; written after faults and latency are applied. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A request as handlers see it, with the body already read. */
export interface SandboxRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
