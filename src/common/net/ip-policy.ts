/**
 * Which IP addresses outbound requests may never reach unless private targets are allowed (API.md §9).
 * Pure and synchronous so it can run inside a DNS lookup hook at connect time.
 */
import { isIP } from 'node:net';

/** [network, prefix length] pairs, IPv4 as 32-bit numbers. */
const FORBIDDEN_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // unspecified / "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments (some are NAT64/DS-Lite internals)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking, used inside some clouds' internal networks
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
];

const V4_RANGES = FORBIDDEN_V4.map(([net, bits]) => {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { net: (parseV4(net)! & mask) >>> 0, mask };
});

/** True when `ip` must not be contacted. Anything that is not a valid IP literal is refused too (fail closed). */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets from URLs, zone ids like fe80::1%eth0
  const version = isIP(bare);
  if (version === 4) return isForbiddenV4(parseV4(bare)!);
  if (version === 6) return isForbiddenV6(parseV6(bare));
  return true;
}

function isForbiddenV4(value: number): boolean {
  return V4_RANGES.some(({ net, mask }) => (value & mask) >>> 0 === net);
}

function isForbiddenV6(g: number[]): boolean {
  const embeddedV4 = (hi: number, lo: number) => ((g[hi] << 16) | g[lo]) >>> 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);

  if (zeros(0, 8)) return true; // :: unspecified
  if (zeros(0, 7) && g[7] === 1) return true; // ::1 loopback
  // Forms that carry an IPv4 address: judge the IPv4 address they lead to.
  if (zeros(0, 5) && g[5] === 0xffff) return isForbiddenV4(embeddedV4(6, 7)); // ::ffff:a.b.c.d mapped
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return isForbiddenV4(embeddedV4(6, 7)); // ::ffff:0:a.b.c.d SIIT
  if (zeros(0, 6)) return isForbiddenV4(embeddedV4(6, 7)); // ::a.b.c.d, deprecated IPv4-compatible
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return isForbiddenV4(embeddedV4(6, 7)); // NAT64 64:ff9b::/96
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return true; // local-use NAT64 64:ff9b:1::/48
  if (g[0] === 0x2002) return isForbiddenV4(embeddedV4(1, 2)); // 6to4 2002:a.b.c.d::/16

  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0] & 0xffc0) === 0xfec0) return true; // deprecated site-local fec0::/10, still routed privately
  if ((g[0] & 0xfe00) === 0xfc00) return true; // ULA fc00::/7, includes metadata fd00:ec2::254
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast ff00::/8
  if (g[0] === 0x100 && zeros(1, 4)) return true; // discard-only 100::/64
  return false;
}

function parseV4(text: string): number | null {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Eight 16-bit groups; the caller has already checked the text with isIP. */
function parseV6(text: string): number[] {
  let body = text.toLowerCase();
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    // A dotted IPv4 tail is just the last two groups written differently.
    const v4 = parseV4(body.slice(lastColon + 1)) ?? 0;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const toGroups = (s: string) => (s === '' ? [] : s.split(':').map((x) => parseInt(x, 16)));
  const gap = body.indexOf('::');
  if (gap === -1) return toGroups(body);
  const left = toGroups(body.slice(0, gap));
  const right = toGroups(body.slice(gap + 2));
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
