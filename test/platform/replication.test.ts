import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillForm } from '../../src/modules/workflow/testing.js';
import { asRoot, freePort, pgBin, pgTool } from '../helpers/pg-cluster.js';

/**
 * Several nodes on real replication: a PostgreSQL primary with a synchronous streaming hot standby
 * (pg_basebackup -R), two tongban API processes on the primary that send supervision's figures to the standby
 * (DATABASE_READ_URL) and share one data folder (uploaded files). A bundle whose children conclude on both nodes at
 * once advances once; a session, an Idempotency-Key and the wall's figures work across the nodes; then the primary is stopped without a shutdown checkpoint in the middle of submissions, the
 * standby promoted, and every submission a node acknowledged is there and every chain verifies. Like db-restart it
 * needs PostgreSQL's binaries, so it runs in the PostgreSQL run of the suite.
 */
const run = promisify(execFile);
const SECRET = 'replication-test-secret-not-for-production';
const PASSWORD = 'Tongban@2026';
const FORM_NAME = '主备切换测试申请';
const STANDBY_NAME = 'tongban_standby';
const children: ChildProcess[] = [];
// A bundle of three parallel items, then one: the shape of workflow's concurrency test, driven over two nodes.
const BUNDLE_SOURCE = { ref: 'seed:000_e4086131eff9af3a.txt#L812', quote: '关联事项、一表申请、一链办理' };
const BUNDLE = {
  code: '421202-YJS-BF',
  name: '并联测试',
  nameEn: 'Parallel test',
  regionCode: '421202',
  leadDepartmentCode: '421202-scjg',
  audiences: ['enterprise'],
  limit: { days: 10, source: BUNDLE_SOURCE },
  limitRules: [],
  questions: [],
  stages: [
    { key: 'parallel', name: { zh: '三项并联', en: 'Three in parallel' }, items: ['421202-YD-YLQX', '421202-BDC-CFDJ', '421202-QYZX-JYZX'].map((itemCode) => ({ itemCode, mandatory: true })) },
    { key: 'after', name: { zh: '其后', en: 'After' }, items: [{ itemCode: '421200-GC-TZBA', mandatory: true }] },
  ],
  onDenial: 'stop',
  form: { merge: [], prefilled: [] },
  materials: { merge: [], fromResults: [] },
  delivery: { window: '咸安区政务服务中心 综合窗口' },
  sources: [{ about: '一事联办', source: BUNDLE_SOURCE }],
};
const pause = (ms = 25) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, limitMs = 30_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause();
  }
}

describe.skipIf(!process.env.DATABASE_URL || !pgBin())('two API nodes on a primary with a synchronous hot standby', () => {
  let dir: string;
  let primary: { data: string; port: number; url: string };
  let standby: { data: string; port: number; url: string };
  const nodes: { base: string; proc: ChildProcess }[] = [];
  let env: NodeJS.ProcessEnv;
  const timings: Record<string, number> = {};

  const startCluster = (c: { data: string; port: number }, extra = '') =>
    pgTool('pg_ctl', ['-D', c.data, '-o', `-p ${c.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${extra}`, '-l', `${c.data}.log`, '-w', 'start']);

  async function startNode(): Promise<{ base: string; proc: ChildProcess }> {
    const port = await freePort();
    const proc = spawn(process.execPath, ['bin/tongban.mjs', 'start'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    children.push(proc);
    const base = `http://127.0.0.1:${port}`;
    const t = Date.now();
    await until(`node on ${port} ready`, async () => {
      if (proc.exitCode !== null) throw new Error(`a node exited with ${proc.exitCode} while starting: ${stderr}`);
      return fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    }, 300_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${stderr}`);
    });
    timings[`node${nodes.length + 1}Ready`] = Date.now() - t;
    return { base, proc };
  }

  beforeAll(async () => {
    const t0 = Date.now();
    dir = mkdtempSync(join(tmpdir(), 'tongban-replication-'));
    chmodSync(dir, 0o755);
    if (asRoot) execFileSync('chown', ['postgres', dir]);
    primary = { data: join(dir, 'primary'), port: await freePort(), url: '' };
    standby = { data: join(dir, 'standby'), port: await freePort(), url: '' };
    primary.url = `postgres://postgres@127.0.0.1:${primary.port}/postgres`;
    standby.url = `postgres://postgres@127.0.0.1:${standby.port}/postgres`;
    pgTool('initdb', ['-D', primary.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    // A commit returns only once the named standby has flushed its WAL: what a node acknowledges survives failover.
    appendFileSync(join(primary.data, 'postgresql.conf'), `\nsynchronous_standby_names = '${STANDBY_NAME}'\nsynchronous_commit = on\nwal_level = replica\n`);
    startCluster(primary);
    pgTool('pg_basebackup', ['-D', standby.data, '-R', '-X', 'stream', '-c', 'fast', '-d', `host=127.0.0.1 port=${primary.port} user=postgres application_name=${STANDBY_NAME}`]);
    startCluster(standby, `-c hot_standby=on -c cluster_name=${STANDBY_NAME}`);
    const p = new pg.Client({ connectionString: primary.url });
    await p.connect();
    const sync = await until('the standby streaming synchronously', async () => {
      const r = await p.query<{ sync_state: string }>(`SELECT sync_state FROM pg_stat_replication WHERE application_name = $1`, [STANDBY_NAME]);
      return r.rows[0]?.sync_state === 'sync' ? r.rows[0] : null;
    });
    await p.end();
    expect(sync.sync_state).toBe('sync');
    timings.clusters = Date.now() - t0;

    const dataDir = join(dir, 'tongban');
    mkdirSync(dataDir);
    env = {
      ...process.env,
      HOST: '127.0.0.1',
      TONGBAN_DATA_DIR: dataDir, // shared by both nodes, as a network volume would be: uploaded files live here
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: standby.url,
      TONGBAN_SECRET: SECRET,
      TONGBAN_DEMO: '1',
      TONGBAN_LOGIN_RATE_LIMIT: '100000',
      TONGBAN_CHECKPOINT_MINUTES: '0',
      LOG_LEVEL: 'warn',
    };
    const t1 = Date.now();
    // The first node migrates and seeds; the second finds both done.
    nodes.push(await startNode());
    nodes.push(await startNode());
    timings.nodes = Date.now() - t1;
  }, 600_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (!dir) return;
    for (const c of [primary, standby]) {
      try {
        pgTool('pg_ctl', ['-D', c.data, '-m', 'immediate', 'stop']);
      } catch {
        // not running
      }
    }
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`replication timings (ms): ${JSON.stringify(timings)}\n`);
  });

  async function login(base: string, account: string) {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password: PASSWORD }) });
    expect(res.status, account).toBe(200);
    return { cookie: res.headers.getSetCookie().find((c) => c.startsWith('tb_session='))!.split(';')[0]!, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  it('advances a bundle exactly once when its parallel children conclude on different nodes at once', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const call = async (base: string, session: Record<string, string>, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { ...session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const admin = await login(a.base, 'admin');
    const enterprise = await login(b.base, '91421202MA49AB1C2J');
    const clerk = await login(a.base, 'clerk');
    expect((await call(a.base, admin, '/api/v1/admin/bundles', BUNDLE)).status).toBe(201);
    expect((await call(b.base, admin, `/api/v1/admin/bundles/${BUNDLE.code}/publish`, {})).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), 'joint.pdf');
    const uploaded = await fetch(`${a.base}/api/v1/cases/files`, { method: 'POST', headers: enterprise, body: form });
    expect(uploaded.status).toBe(201);
    const fileId = ((await uploaded.json()) as { id: string }).id;
    const plan = await call(b.base, enterprise, `/api/v1/bundles/${BUNDLE.code}/plan`, { answers: {} });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    const materials = (plan.body.materials as { index: number; suppliedBy: string | null }[]).filter((m) => !m.suppliedBy).map((m) => ({ material: m.index, fileId }));
    const applied = await call(a.base, enterprise, `/api/v1/bundles/${BUNDLE.code}/apply`, { answers: {}, form: fillForm(plan.body.form, 'enterprise'), materials, channel: 'online' });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const bundleId = applied.body.id as string;
    expect((await call(b.base, clerk, `/api/v1/bundle-cases/${bundleId}/accept`, {})).status).toBe(200);
    const children = (applied.body.children as { case?: { id: string } }[]).flatMap((c) => (c.case ? [c.case.id] : []));
    expect(children).toHaveLength(3);
    // The three parallel children's last steps at the same moment, split over both nodes: they race for the bundle.
    const concluded = await Promise.all(children.map((id, i) => call(i % 2 ? a.base : b.base, clerk, `/api/v1/cases/${id}/conclude`, { step: 0, decision: 'approve', text: '准予' })));
    expect(concluded.map((r) => r.status)).toEqual([200, 200, 200]);
    const p = new pg.Client({ connectionString: primary.url });
    await p.connect();
    const [row] = (await p.query<{ closed: number; stage_starts: number; stage: number; children: number }>(`
      SELECT (SELECT count(*)::int FROM bundle_case_events e WHERE e.bundle_id = b.id AND e.action = 'child_closed') AS closed,
             (SELECT count(*)::int FROM bundle_case_events e, jsonb_array_elements(e.payload->'effects') x
                WHERE e.bundle_id = b.id AND x->>'type' = 'stageStarted' AND (x->>'stage')::int = 1) AS stage_starts,
             (b.engine->>'stage')::int AS stage,
             (SELECT count(*)::int FROM bundle_children c WHERE c.bundle_id = b.id) AS children
      FROM bundle_cases b WHERE b.id = $1`, [bundleId])).rows;
    await p.end();
    // Each child closed once, the next stage started once, with its one child.
    expect(row).toEqual({ closed: 3, stage_starts: 1, stage: 1, children: 4 });
  }, 120_000);

  it('shares sessions, idempotency and figures across nodes, and loses no acknowledged write on failover', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    // A session made on node A works on node B (sessions are rows, not process memory).
    const session = await login(a.base, '91421202MA49AB1C2J');
    const mine = await fetch(`${b.base}/api/v1/cases?limit=1`, { headers: session });
    expect(mine.status).toBe(200);

    const items = (await (await fetch(`${a.base}/api/v1/catalog/items?q=${encodeURIComponent('食品经营许可')}&limit=50`)).json()) as { items: { id: string; code: string }[] };
    const itemId = items.items.find((i) => i.code === '421202-YD-SPJY')!.id;
    const guide = (await (await fetch(`${b.base}/api/v1/catalog/items/${itemId}/guide`, { headers: session })).json()) as { materials: { required: boolean }[] };
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), 'a.pdf');
    const uploaded = await fetch(`${a.base}/api/v1/cases/files`, { method: 'POST', headers: session, body: form });
    expect(uploaded.status).toBe(201);
    const fileId = ((await uploaded.json()) as { id: string }).id;
    const body = JSON.stringify({
      itemId,
      channel: 'online',
      form: { applicantName: FORM_NAME, creditCode: '91421202MA49AB1C2J', contactName: '李四', contactPhone: '13900000002', address: '咸宁市咸安区温泉路 1 号' },
      materials: guide.materials.flatMap((m, requirement) => (m.required ? [{ requirement, fileId }] : [])),
    });
    const submit = (base: string, key: string) =>
      fetch(`${base}/api/v1/cases`, { method: 'POST', headers: { ...session, 'content-type': 'application/json', 'idempotency-key': key }, body });
    const acknowledged = new Map<string, string>(); // Idempotency-Key → case id

    // Submitted on A (the file uploaded on A, the guide read on B), retried on B with the same key: one case.
    const first = await submit(a.base, 'repl-once');
    expect(first.status, await first.clone().text()).toBe(201);
    const firstId = ((await first.json()) as { id: string }).id;
    const retried = await submit(b.base, 'repl-once');
    expect([200, 201]).toContain(retried.status);
    expect(((await retried.json()) as { id: string }).id).toBe(firstId);
    acknowledged.set('repl-once', firstId);

    // The wall's figures come from the standby: with its replay paused, a new case does not show on either node
    // although the primary has it; once replay resumes, it does.
    const supervisor = await login(b.base, 'supervisor');
    const wallOf = async (base: string) => {
      const res = await fetch(`${base}/api/v1/supervision/wall`, { headers: supervisor });
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { today: { applications: number } }).today.applications;
    };
    const before = await until('the first case on the wall', async () => { const n = await wallOf(b.base); return n >= 1 ? n : null; });
    const sb = new pg.Client({ connectionString: standby.url });
    await sb.connect();
    await sb.query('SELECT pg_wal_replay_pause()');
    await until('replay paused', async () => (await sb.query<{ s: string }>('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0]!.s === 'paused');
    const paused = await submit(b.base, 'repl-paused');
    expect(paused.status).toBe(201); // synchronous commit waits for the standby's flush, not its replay
    acknowledged.set('repl-paused', ((await paused.json()) as { id: string }).id);
    expect(await wallOf(a.base)).toBe(before);
    expect(await wallOf(b.base)).toBe(before);
    const onPrimary = new pg.Client({ connectionString: primary.url });
    await onPrimary.connect();
    const counted = await onPrimary.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE form_data->>'applicantName' = $1`, [FORM_NAME]);
    await onPrimary.end();
    expect(counted.rows[0]!.n).toBe(2);
    const resumedAt = Date.now();
    await sb.query('SELECT pg_wal_replay_resume()');
    await until('the wall through the standby showing the new case', async () => (await wallOf(a.base)) === before + 1);
    timings.wallCaughtUpAfterResume = Date.now() - resumedAt;
    await sb.end();

    // Failover under load: four clients submit with fresh keys, alternating nodes; the primary is
    // stopped without warning once 20 more are acknowledged.
    let next = 0;
    let stopped = false;
    let primaryDown = false;
    const statuses = new Map<string, number>();
    const client = async (c: number) => {
      while (!stopped) {
        const key = `repl-load-${next++}`;
        const res = await submit((next + c) % 2 ? a.base : b.base, key).catch(() => null);
        const label = res ? String(res.status) : 'no answer';
        statuses.set(label, (statuses.get(label) ?? 0) + 1);
        if (res?.status === 201 || res?.status === 200) acknowledged.set(key, ((await res.json()) as { id: string }).id);
        // Before the stop anything else is a defect of the test or the server: say which at once.
        else if (res && !primaryDown) throw new Error(`submission ${key}: ${res.status} ${await res.text()}`);
        else await res?.body?.cancel();
      }
    };
    let clientError: Error | null = null;
    const clients = Array.from({ length: 4 }, (_, c) => client(c).catch((e: Error) => void (clientError ??= e)));
    const loadFrom = acknowledged.size;
    const loadAt = Date.now();
    await until('20 submissions under load', async () => {
      if (clientError) throw clientError;
      return acknowledged.size >= loadFrom + 20;
    }, 120_000);
    timings.twentySubmissionsUnderLoad = Date.now() - loadAt;
    primaryDown = true;
    pgTool('pg_ctl', ['-D', primary.data, '-m', 'immediate', 'stop']);
    const downAt = Date.now();
    // The nodes answer "come back later" (or not at all) from now on; a few more answers make sure of it.
    const seen = [...statuses.values()].reduce((s, n) => s + n, 0);
    await until('answers after the primary stopped', async () => [...statuses.values()].reduce((s, n) => s + n, 0) >= seen + 8);
    stopped = true;
    await Promise.all(clients);
    for (const n of nodes) n.proc.kill('SIGKILL');
    for (const label of statuses.keys()) expect(['201', '200', '503', 'no answer']).toContain(label);

    pgTool('pg_ctl', ['-D', standby.data, '-w', 'promote']);
    timings.promoted = Date.now() - downAt;
    timings.acknowledged = acknowledged.size;
    const promoted = new pg.Client({ connectionString: standby.url });
    await promoted.connect();
    const inRecovery = await promoted.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    expect(inRecovery.rows[0]!.r).toBe(false);
    const ids = [...acknowledged.values()];
    const present = await promoted.query<{ id: string }>(`SELECT id FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
    await promoted.end();
    // Every acknowledged submission, none twice.
    expect(new Set(ids).size).toBe(acknowledged.size);
    expect(present.rows.length).toBe(ids.length);

    // Every chain verifies on the promoted standby.
    const verified = await run(process.execPath, ['bin/tongban.mjs', 'verify', '--no-checkpoint'], { env: { ...env, DATABASE_URL: standby.url, DATABASE_READ_URL: '' } });
    const report = JSON.parse(verified.stdout) as { ok: boolean; kinds: { kind: string; chainsChecked: number }[] };
    expect(report.ok).toBe(true);
    expect(report.kinds.find((k) => k.kind === 'case')!.chainsChecked).toBeGreaterThanOrEqual(ids.length);
  }, 120_000);
});
