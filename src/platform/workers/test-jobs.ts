/** Jobs for the pool's own tests: CPU held for a given wall-clock time, as a hostile document would. */
export function spin(ms: number): number {
  const end = Date.now() + ms;
  let n = 0;
  while (Date.now() < end) n++;
  return n > 0 ? ms : 0;
}
