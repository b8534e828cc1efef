// Renders the console's icon (public/icon.svg) as PNG and ICO files with Node alone (zlib), so no image tool
// is needed: a rounded blue square with three white bars, the stacked bare-metal layers. Run after changing
// the shape: node scripts/make-icons.mjs
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const out = path.resolve(import.meta.dirname, "..", "public");
const BG = [37, 99, 235];
const BARS = [[0.22, 0.3], [0.44, 0.52], [0.66, 0.74]]; // y from–to, as fractions of the side
const X0 = 0.22, X1 = 0.78, RADIUS = 0.2;

fs.writeFileSync(path.join(out, "icon.svg"), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="${RADIUS * 100}" fill="rgb(${BG.join(",")})"/>
${BARS.map(([a, b]) => `<rect x="${X0 * 100}" y="${a * 100}" width="${(X1 - X0) * 100}" height="${(b - a) * 100}" rx="3" fill="#fff"/>`).join("\n")}
</svg>
`);

/** Coverage of one sample point: 0 outside, 1 = background, 2 = bar. */
function sample(x, y) {
  const r = RADIUS, cx = Math.min(Math.max(x, r), 1 - r), cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
  return x >= X0 && x <= X1 && BARS.some(([a, b]) => y >= a && y <= b) ? 2 : 1;
}

function rgba(size) {
  const px = Buffer.alloc(size * size * 4);
  const n = 4; // 4×4 supersampling for smooth edges
  for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) {
    let bg = 0, bar = 0;
    for (let s = 0; s < n * n; s++) {
      const v = sample((i + ((s % n) + 0.5) / n) / size, (j + (Math.floor(s / n) + 0.5) / n) / size);
      if (v === 1) bg++; else if (v === 2) bar++;
    }
    const a = (bg + bar) / (n * n), w = bg + bar ? bar / (bg + bar) : 0, o = (j * size + i) * 4;
    for (let c = 0; c < 3; c++) px[o + c] = Math.round(BG[c] * (1 - w) + 255 * w);
    px[o + 3] = Math.round(a * 255);
  }
  return px;
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
}
function png(size) {
  const px = rgba(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) px.copy(raw, j * (size * 4 + 1) + 1, j * size * 4, (j + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
/** An ICO whose images are PNGs (supported by every current browser). */
function ico(sizes) {
  const images = sizes.map(png);
  const head = Buffer.alloc(6 + 16 * sizes.length);
  head.writeUInt16LE(1, 2); head.writeUInt16LE(sizes.length, 4);
  let offset = head.length;
  sizes.forEach((s, k) => {
    const e = 6 + 16 * k;
    head[e] = s % 256; head[e + 1] = s % 256; head.writeUInt16LE(1, e + 4); head.writeUInt16LE(32, e + 6);
    head.writeUInt32LE(images[k].length, e + 8); head.writeUInt32LE(offset, e + 12);
    offset += images[k].length;
  });
  return Buffer.concat([head, ...images]);
}

fs.writeFileSync(path.join(out, "favicon.ico"), ico([16, 32, 48]));
fs.writeFileSync(path.join(out, "apple-touch-icon.png"), png(180));
fs.writeFileSync(path.join(out, "icon-192.png"), png(192));
fs.writeFileSync(path.join(out, "icon-512.png"), png(512));
fs.writeFileSync(path.join(out, "manifest.webmanifest"), JSON.stringify({
  name: "kMetal Console", short_name: "kMetal", start_url: "/tenants", display: "standalone", background_color: "#ffffff", theme_color: `rgb(${BG.join(",")})`,
  icons: [{ src: "/icon-192.png", sizes: "192x192", type: "image/png" }, { src: "/icon-512.png", sizes: "512x512", type: "image/png" }, { src: "/icon.svg", sizes: "any", type: "image/svg+xml" }],
}, null, 2) + "\n");
