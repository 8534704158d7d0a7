import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a fetch of a user-supplied URL must not reach unless allowed: loopback, private
 * (RFC 1918, ULA), link-local (incl. cloud metadata at 169.254.169.254), carrier-grade NAT,
 * documentation, benchmarking, multicast and reserved ranges.
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
  ['::', 128],
  ['::1', 128],
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

/** `::ffff:127.0.0.1` / `::ffff:7f00:1` → `127.0.0.1`, so a mapped address cannot slip past the v4 list. */
export function unmapIpv4(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
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
