/**
 * The bundle engine's state transitions in memory against bpmn-engine running the equivalent BPMN process:
 * start → parallel gateway → three user tasks → join → end, each user task signalled once (as the three parallel
 * children of 企业开办's second stage conclude). Instances per second for each, the ratio, medians of several runs.
 * Run: npx tsx bench/engine/index.ts   Writes bench/results/engine.json.
 */
import { Engine } from 'bpmn-engine';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apply, start, type BundleState } from '../../src/modules/workflow/engine.js';
import type { ChosenItem } from '../../src/modules/workflow/rules.js';
import { median } from '../lib.js';

const OURS_INSTANCES = 200_000;
const BASELINE_INSTANCES = 500;
const RUNS = 5;
const RESULT_FILE = fileURLToPath(new URL('../results/engine.json', import.meta.url));

const TASKS = ['seal', 'invoice', 'insurance'] as const;

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bundleBench" targetNamespace="https://tongban.example/bench">
  <process id="parallelStage" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="toFork" sourceRef="start" targetRef="fork" />
    <parallelGateway id="fork" />
${TASKS.map((t) => `    <sequenceFlow id="fork-${t}" sourceRef="fork" targetRef="${t}" />
    <userTask id="${t}" />
    <sequenceFlow id="${t}-join" sourceRef="${t}" targetRef="join" />`).join('\n')}
    <parallelGateway id="join" />
    <sequenceFlow id="toEnd" sourceRef="join" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const STAGE: ChosenItem[] = TASKS.map((itemCode) => ({ itemCode, stage: 0, mandatory: true }));

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** One bundle case through our engine: start, then the three conclusions; returns the final state. */
function runOurs(): BundleState {
  let state = start(STAGE, 'stop').state;
  for (const itemCode of TASKS) state = apply(state, { type: 'childConcluded', itemCode, outcome: 'approved' }).state;
  return state;
}

type EngineOptions = ConstructorParameters<typeof Engine>[0];

/** One process instance through bpmn-engine: execute, wait for the three user tasks, signal each, wait for the end. */
async function runBaseline(options: EngineOptions): Promise<boolean> {
  const engine = new Engine(options);
  const ended = engine.waitFor('end');
  const execution = await engine.execute();
  for (const id of TASKS) execution.signal({ id });
  await ended;
  return engine.state === 'idle' && execution.getPostponed().length === 0;
}

export interface EngineBenchResult {
  name: 'engine';
  process: string;
  oursPerSecond: number;
  baseline: { name: string; instances: number; perSecond: number; parsePerInstancePerSecond: number };
  ratio: number;
  ratioToParsePerInstance: number;
  instances: number;
  completed: { ours: number; baseline: number };
  runs: { ours: number[]; baseline: number[]; baselineParsePerInstance: number[] };
  node: string;
  date: string;
}

export async function main(): Promise<EngineBenchResult> {
  // Parse the XML once so the baseline measures execution, as ours does (its definition is data already).
  const parser = new Engine({ name: 'parse' }) as unknown as { _serializeSource(source: string): Promise<unknown> };
  const sourceContext = await parser._serializeSource(BPMN);
  const parsedOnce = { name: 'bench', sourceContext } as EngineOptions;
  const perInstance = { name: 'bench', source: BPMN } as EngineOptions;

  let oursCompleted = 0;
  let baselineCompleted = 0;
  const ours: number[] = [];
  const baseline: number[] = [];
  const parseEach: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < OURS_INSTANCES; i++) if (runOurs().outcome === 'approved') oursCompleted++;
    ours.push(seconds(t0));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BASELINE_INSTANCES; i++) if (await runBaseline(parsedOnce)) baselineCompleted++;
    baseline.push(seconds(t0));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BASELINE_INSTANCES / 4; i++) await runBaseline(perInstance);
    parseEach.push(seconds(t0));
  }

  const oursPerSecond = OURS_INSTANCES / median(ours);
  const basePerSecond = BASELINE_INSTANCES / median(baseline);
  const parsePerSecond = BASELINE_INSTANCES / 4 / median(parseEach);
  const result: EngineBenchResult = {
    name: 'engine',
    process: 'start → parallel gateway → 3 user tasks (each signalled once) → join → end',
    oursPerSecond: Math.round(oursPerSecond),
    baseline: {
      name: 'bpmn-engine 25 (definition parsed once)',
      instances: BASELINE_INSTANCES,
      perSecond: Math.round(basePerSecond),
      parsePerInstancePerSecond: Math.round(parsePerSecond),
    },
    ratio: Math.round((oursPerSecond / basePerSecond) * 10) / 10,
    ratioToParsePerInstance: Math.round((oursPerSecond / parsePerSecond) * 10) / 10,
    instances: OURS_INSTANCES,
    completed: { ours: oursCompleted, baseline: baselineCompleted },
    runs: { ours, baseline, baselineParsePerInstance: parseEach },
    node: process.version,
    date: new Date().toISOString(),
  };
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`workflow engine     ${fmt(oursPerSecond)} instances/s   (${fmt(OURS_INSTANCES)} per run, median of ${RUNS})`);
  console.log(`bpmn-engine         ${fmt(basePerSecond)} instances/s   (definition parsed once; ${fmt(BASELINE_INSTANCES)} per run, median of ${RUNS})`);
  console.log(`bpmn-engine + parse ${fmt(parsePerSecond)} instances/s   (XML parsed for every instance)`);
  console.log(`ratio               ${result.ratio}×   (${result.ratioToParsePerInstance}× against parse-per-instance; completed ${fmt(oursCompleted)} / ${fmt(baselineCompleted)})`);
  mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
