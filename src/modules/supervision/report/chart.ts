/**
 * Bar charts as PNG, drawn into a pixel buffer and deflated with node:zlib: one image that both the docx
 * and the PDF embed, with no native canvas. Labels are not drawn (no font rasteriser); the table beside
 * each chart carries the names and numbers, and the chart's caption says so.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PALETTE: [number, number, number][] = [
  [0x16, 0x77, 0xff],
  [0x52, 0xc4, 0x1a],
];

/** Grouped bars: one group per label, one bar per series (values 0..max), with grid lines at quarters. */
export function barChart(series: number[][], opts: { width?: number; height?: number; max?: number } = {}): Buffer {
  const width = opts.width ?? 720;
  const height = opts.height ?? 300;
  const px = new Uint8Array(width * height * 3).fill(255);
  const fill = (x0: number, y0: number, x1: number, y1: number, c: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) px.set(c, (y * width + x) * 3);
  };
  const pad = 24;
  const plotH = height - 2 * pad;
  const groups = Math.max(1, ...series.map((s) => s.length));
  const max = opts.max ?? Math.max(1, ...series.flat());
  for (let q = 0; q <= 4; q++) fill(pad, pad + Math.round((plotH * q) / 4), width - pad, pad + Math.round((plotH * q) / 4) + 1, [0xd9, 0xd9, 0xd9]);
  fill(pad, pad, pad + 2, height - pad, [0x59, 0x59, 0x59]);
  fill(pad, height - pad, width - pad, height - pad + 2, [0x59, 0x59, 0x59]);
  const slot = (width - 2 * pad) / groups;
  const bar = Math.max(2, Math.floor((slot * 0.7) / Math.max(1, series.length)));
  series.forEach((s, si) =>
    s.forEach((v, gi) => {
      const h = Math.round((Math.max(0, v) / max) * plotH);
      const x = Math.round(pad + gi * slot + slot * 0.15 + si * bar);
      fill(x, height - pad - h, x + bar - 1, height - pad, PALETTE[si % PALETTE.length]!);
    }),
  );
  return encodePng(width, height, px);
}
