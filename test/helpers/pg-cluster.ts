import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Clusters of a test's own, made with Debian's PostgreSQL binaries: tests that stop, restart or promote a server
 * cannot use the suite's shared one. Run as root, the tools run as the postgres user (initdb refuses root).
 */
export function pgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const v = readdirSync(base).filter((x) => existsSync(join(base, x, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a))[0];
  return v ? join(base, v, 'bin') : null;
}

export const asRoot = userInfo().uid === 0;

/** Runs one of PostgreSQL's tools and throws with its output when it fails. */
export function pgTool(tool: string, args: string[]): string {
  const bin = pgBin();
  if (!bin) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  const [cmd, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const r = spawnSync(cmd, full as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}
