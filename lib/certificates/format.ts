/** A duration in the two largest units that matter ("29d 4h", "3h 12m", "45s"); negative for the past ("-2d 1h"). */
export function formatSeconds(total: number): string {
  const sign = total < 0 ? "-" : "";
  let s = Math.abs(Math.round(total));
  const units: [string, number][] = [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]];
  const parts: string[] = [];
  for (const [u, n] of units) {
    if (s >= n || (u === "s" && !parts.length)) {
      parts.push(`${Math.floor(s / n)}${u}`);
      s %= n;
    }
    if (parts.length === 2) break;
  }
  return sign + parts.join(" ");
}
