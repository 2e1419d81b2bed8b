/** A region code and its ancestors, nearest first: 421202 → 421202, 421200, 420000 (GB/T 2260 levels). */
export function regionChain(code: string): string[] {
  const out = [code];
  if (code.length > 6) out.push(code.slice(0, 6));
  const county = code.slice(0, 6);
  if (!county.endsWith('00')) out.push(`${county.slice(0, 4)}00`);
  if (!county.endsWith('0000')) out.push(`${county.slice(0, 2)}0000`);
  return [...new Set(out)];
}
