/** Cheap order-dependent hashing of change stamps (object revisions) for incremental recomputation. */
export function mix(h: number, n: number): number {
  let x = Math.imul((h ^ (n >>> 0)) >>> 0, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export function mixText(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return h;
}
