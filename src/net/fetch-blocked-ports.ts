/**
 * The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking): fetch() in
 * Node (undici) and in browsers refuses to connect to them ("bad port"), whatever listens there.
 * undici keeps its list internal, so the standard's list is kept here; Node 20.20's fetch refuses
 * exactly these (checked over ports 0–11000: the highest is 10080). A server the bot or a browser
 * must reach (the sandbox) cannot listen on one.
 */
export const FETCH_BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/**
 * Why nobody could reach a server on `port` — browsers (the review desk) and fetch() (the sandbox)
 * refuse it — or undefined when they can.
 */
export function blockedPortReason(port: number): string | undefined {
  if (!FETCH_BLOCKED_PORTS.has(port)) return undefined;
  return (
    `browsers and fetch() refuse to connect to port ${port} (a "bad port" of the Fetch standard, ` +
    'https://fetch.spec.whatwg.org/#port-blocking)'
  );
}
