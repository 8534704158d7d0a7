import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a fetch of a user-supplied URL must not reach unless allowed: loopback, private
 * (RFC 1918, ULA), link-local (incl. cloud metadata at 169.254.169.254), carrier-grade NAT,
 * documentation, benchmarking, multicast and reserved ranges. IPv6 addresses that carry an IPv4
 * address (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4
 * address inside; the deprecated IPv4-compatible form (::/96, e.g. ::127.0.0.1) is refused whole.
 */
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: ReadonlyArray<readonly [string, number]> = [
  // IPv4-compatible (deprecated), and with it :: and ::1.
  ['::', 96],
  // IPv4-translated (SIIT).
  ['::ffff:0:0:0', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b:1::', 48],
  ['100::', 64],
];

const blocked = new BlockList();
for (const [net, bits] of BLOCKED_V4) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of BLOCKED_V6) blocked.addSubnet(net, bits, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail and a zone id allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address inside an IPv6 one that carries it (IPv4-mapped `::ffff:127.0.0.1` or
 * `::ffff:7f00:1`, NAT64 `64:ff9b::7f00:1`, 6to4 `2002:7f00:1::`), else the address unchanged,
 * so such an address cannot slip past the IPv4 list.
 */
export function unmapIpv4(address: string): string {
  if (isIP(address) !== 6) return address;
  const g = ipv6Groups(address);
  const v4 = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return address;
}

/** True for an IP address on a loopback, private, link-local or otherwise non-public network. */
export function isPrivateAddress(address: string): boolean {
  const plain = unmapIpv4(address.replace(/^\[|\]$/g, ''));
  const family = isIP(plain);
  if (family === 4) return blocked.check(plain, 'ipv4');
  if (family === 6) return blocked.check(plain, 'ipv6');
  // Not an address at all: refuse rather than guess.
  return true;
}
