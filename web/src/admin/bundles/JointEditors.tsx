import { AutoComplete, Button, Card, Input, InputNumber, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, useLoad } from '../../api.js';
import { useI18n } from '../../i18n.js';
import type { CatalogItemSummary, Guide } from '../../types.js';
import { moveItem, RowTools } from '../catalog/FormBuilder.js';
import { Field } from '../catalog/problems.js';
import type { BundleDefinition, FieldMerge, LimitRule, MaterialRef, Prefill, SourceRef } from './types.js';
import { WhenEditor } from './WhenEditor.js';

type Set = (p: Partial<BundleDefinition>) => void;

/** The codes of the items a definition names, in stage order. */
export const codesOf = (def: BundleDefinition) => def.stages.flatMap((s) => s.items.map((i) => i.itemCode)).filter(Boolean);

/**
 * The published catalog items a definition names, with their materials and form fields, so the merges are picked
 * from what the items really ask rather than typed from memory.
 */
export function useBundleItems(codes: string[]) {
  const key = [...new Set(codes.filter((c) => /^[0-9A-Za-z][0-9A-Za-z-]{3,63}$/.test(c)))].sort().join(',');
  return useLoad(
    async (signal) => {
      if (!key) return new Map<string, Guide>();
      // The API client's query takes one value a name; a repeated `code` is written out here.
      const url = `/api/v1/catalog/items?limit=100&${key.split(',').map((c) => `code=${encodeURIComponent(c)}`).join('&')}`;
      const { items } = await api.get<{ items: CatalogItemSummary[] }>(url, { signal });
      const guides = await Promise.all(items.map((i) => api.get<Guide>(`/api/v1/catalog/items/${i.id}/guide`, { signal })));
      return new Map(guides.map((g) => [g.code, g]));
    },
    [key],
  );
}

/** An item code typed or picked from the catalog's published items by name. */
export function ItemCodeInput({ value, onChange, ...control }: { value: string; onChange: (code: string) => void; id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    const text = q.trim();
    if (!text || /^[0-9]{3}/.test(text)) return setOptions([]);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<{ items: CatalogItemSummary[] }>('/api/v1/catalog/items', { signal: controller.signal, query: { q: text, limit: 10 } })
        .then(({ items }) => setOptions(items.map((i) => ({ value: i.code, label: `${i.name}(${i.code})` }))), () => setOptions([]));
    }, 200);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [q]);
  return (
    <AutoComplete
      {...control}
      value={value}
      options={options}
      onSearch={setQ}
      onChange={(v: string) => onChange(v.trim())}
    />
  );
}

function SourceFields({ path, source, onChange }: { path: string; source: SourceRef; onChange: (s: SourceRef) => void }) {
  const { t } = useI18n();
  return (
    <>
      <Field path={`${path}.ref`} label={t('bd.limitRef')} extra={t('bd.limitRefHelp')}>
        <Input lang="en" value={source.ref} onChange={(e) => onChange({ ...source, ref: e.target.value.trim() })} />
      </Field>
      <Field path={`${path}.quote`} label={t('bd.limitQuote')}>
        <Input value={source.quote ?? ''} onChange={(e) => { const { quote: _, ...rest } = source; onChange(e.target.value ? { ...rest, quote: e.target.value } : rest); }} />
      </Field>
    </>
  );
}

/** Limits chosen by the answers (the first rule that matches wins), each with the line that states it; and the fee. */
export function LimitsTab({ def, set }: { def: BundleDefinition; set: Set }) {
  const { t } = useI18n();
  const rules = def.limitRules;
  const setAt = (i: number, r: LimitRule) => set({ limitRules: rules.map((x, j) => (j === i ? r : x)) });
  const first = def.questions[0];
  const fee = def.fee;
  return (
    <div data-testid="limits-editor">
      <p>{t('bd.rules.intro')}</p>
      {rules.map((r, i) => {
        const path = `limitRules[${i}]`;
        return (
          <Card key={i} size="small" style={{ marginBottom: 12 }} data-testid={`limit-rule-${i}`}
            title={<h3 className="tb-card-title">{t('bd.rules.n', { n: i + 1 })}{r.note ? ` · ${r.note}` : ''}</h3>}
            extra={<RowTools index={i} count={rules.length} name={t('bd.rules.n', { n: i + 1 })} onMove={(to) => set({ limitRules: moveItem(rules, i, to) })} onRemove={() => set({ limitRules: rules.filter((_, j) => j !== i) })} />}>
            <WhenEditor required path={`${path}.when`} when={r.when} questions={def.questions} onChange={(when) => when && setAt(i, { ...r, when })} />
            <div className="tb-grid-3">
              <Field path={`${path}.limit.days`} label={t('bd.rules.days')}>
                <InputNumber style={{ width: '100%' }} min={0} step={0.5} value={r.limit.days} onChange={(v) => setAt(i, { ...r, limit: { ...r.limit, days: v ?? 0 } })} />
              </Field>
              <SourceFields path={`${path}.limit.source`} source={r.limit.source} onChange={(source) => setAt(i, { ...r, limit: { ...r.limit, source } })} />
              <Field path={`${path}.note`} label={t('bd.rules.note')}>
                <Input value={r.note ?? ''} onChange={(e) => { const { note: _, ...rest } = r; setAt(i, e.target.value ? { ...rest, note: e.target.value } : rest); }} />
              </Field>
            </div>
          </Card>
        );
      })}
      <Button disabled={!first} onClick={() => first && set({ limitRules: [...rules, { when: { question: first.key, equals: first.type === 'boolean' ? true : first.options?.[0]?.value ?? '' }, limit: { days: def.limit?.days ?? 1, source: def.limit?.source ?? { ref: '' } } }] })}>
        {t('bd.rules.add')}
      </Button>
      {!first && <p className="tb-result-meta">{t('bd.rules.needQuestion')}</p>}

      <h3 className="tb-card-title" style={{ marginTop: 16 }}>{t('bd.fee')}</h3>
      <div className="tb-grid-3">
        <Field path="fee" label={t('bd.feeYuan')} extra={t('bd.feeHelp')}>
          <InputNumber style={{ width: '100%' }} min={0} step={0.01} value={fee ? fee.amountFen / 100 : null}
            onChange={(v) => set({ fee: v === null ? undefined : { amountFen: Math.round(v * 100), source: fee?.source ?? { ref: '' } } })} />
        </Field>
        {fee && <SourceFields path="fee.source" source={fee.source} onChange={(source) => set({ fee: { ...fee, source } })} />}
      </div>
    </div>
  );
}

/** A pair of pickers: which item, and which of its entries (a material by name, a form field by key). */
function RefPicker({ path, codes, value, entries, entryKey, entryLabel, onChange }: {
  path: string; codes: string[]; value: { itemCode: string; entry: string }; entries: (code: string) => { value: string; label: string }[];
  entryKey: 'name' | 'field'; entryLabel: string; onChange: (v: { itemCode: string; entry: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field path={`${path}.itemCode`} label={t('bd.item.code')}>
        <Select showSearch value={value.itemCode || undefined} onChange={(itemCode) => onChange({ itemCode, entry: '' })} options={codes.map((c) => ({ value: c, label: c }))} />
      </Field>
      <Field path={`${path}.${entryKey}`} label={entryLabel}>
        <Select showSearch value={value.entry || undefined} onChange={(entry) => onChange({ ...value, entry })} options={entries(value.itemCode)} />
      </Field>
    </>
  );
}

/** 一套材料: the materials of different items that are one paper, asked once; and materials an earlier result supplies. */
export function MaterialsTab({ def, set }: { def: BundleDefinition; set: Set }) {
  const { t } = useI18n();
  const codes = codesOf(def);
  const items = useBundleItems(codes);
  const materialsOf = (code: string) => (items.data?.get(code)?.materials ?? []).map((m) => ({ value: m.name, label: m.name }));
  const merges = def.materials.merge;
  const setMerges = (merge: typeof merges) => set({ materials: { ...def.materials, merge } });
  const from = def.materials.fromResults;
  const setFrom = (fromResults: typeof from) => set({ materials: { ...def.materials, fromResults } });
  const blankRef = (): MaterialRef => ({ itemCode: codes[0] ?? '', name: '' });
  return (
    <div data-testid="materials-merge-editor">
      <p>{t('bd.mat.intro')}</p>
      {merges.map((m, i) => {
        const path = `materials.merge[${i}]`;
        const setM = (patch: Partial<typeof m>) => setMerges(merges.map((x, j) => (j === i ? { ...m, ...patch } : x)));
        return (
          <Card key={i} size="small" style={{ marginBottom: 12 }} data-testid={`material-merge-${i}`}
            title={<h3 className="tb-card-title">{t('bd.mat.n', { n: i + 1 })} · {m.name}</h3>}
            extra={<RowTools index={i} count={merges.length} name={m.name} onMove={(to) => setMerges(moveItem(merges, i, to))} onRemove={() => setMerges(merges.filter((_, j) => j !== i))} />}>
            <Field path={`${path}.name`} label={t('bd.mat.name')}><Input value={m.name} onChange={(e) => setM({ name: e.target.value })} /></Field>
            {m.materials.map((r, j) => (
              <div key={j} className="tb-grid-3">
                <RefPicker path={`${path}.materials[${j}]`} codes={codes} value={{ itemCode: r.itemCode, entry: r.name }} entries={materialsOf} entryKey="name" entryLabel={t('bd.mat.material')}
                  onChange={(v) => setM({ materials: m.materials.map((x, k) => (k === j ? { itemCode: v.itemCode, name: v.entry } : x)) })} />
                <div><Button danger onClick={() => setM({ materials: m.materials.filter((_, k) => k !== j) })}>{t('bd.mat.removeRef', { n: j + 1 })}</Button></div>
              </div>
            ))}
            <Button onClick={() => setM({ materials: [...m.materials, blankRef()] })}>{t('bd.mat.addRef')}</Button>
          </Card>
        );
      })}
      <Button onClick={() => setMerges([...merges, { name: t('bd.mat.newName'), materials: [blankRef(), blankRef()] }])}>{t('bd.mat.add')}</Button>

      <h3 className="tb-card-title" style={{ marginTop: 16 }}>{t('bd.mat.fromResults')}</h3>
      {from.map((r, i) => {
        const path = `materials.fromResults[${i}]`;
        return (
          <div key={i} className="tb-grid-3" data-testid={`material-from-${i}`}>
            <RefPicker path={path} codes={codes} value={{ itemCode: r.itemCode, entry: r.name }} entries={materialsOf} entryKey="name" entryLabel={t('bd.mat.material')}
              onChange={(v) => setFrom(from.map((x, k) => (k === i ? { ...x, itemCode: v.itemCode, name: v.entry } : x)))} />
            <Field path={`${path}.fromItem`} label={t('bd.form.from')}>
              <Select value={r.fromItem || undefined} onChange={(fromItem) => setFrom(from.map((x, k) => (k === i ? { ...x, fromItem } : x)))} options={codes.map((c) => ({ value: c, label: c }))} />
            </Field>
            <div><Button danger onClick={() => setFrom(from.filter((_, k) => k !== i))}>{t('bd.mat.removeRef', { n: i + 1 })}</Button></div>
          </div>
        );
      })}
      <Button onClick={() => setFrom([...from, { ...blankRef(), fromItem: codes[0] ?? '' }])}>{t('bd.mat.addFrom')}</Button>
    </div>
  );
}

/** 一表申请: which item fields one joint field feeds, and which fields an earlier stage's result fills. */
export function FormMappingTab({ def, set }: { def: BundleDefinition; set: Set }) {
  const { t, lang } = useI18n();
  const codes = codesOf(def);
  const items = useBundleItems(codes);
  const fieldsOf = (code: string) => (items.data?.get(code)?.form.fields ?? []).map((f) => ({ value: f.key, label: `${f.label[lang]}(${f.key})` }));
  const merges = def.form.merge;
  const setMerges = (merge: FieldMerge[]) => set({ form: { ...def.form, merge } });
  const pre = def.form.prefilled;
  const setPre = (prefilled: Prefill[]) => set({ form: { ...def.form, prefilled } });
  const blank = () => ({ itemCode: codes[0] ?? '', field: '' });
  return (
    <div data-testid="form-mapping">
      <p>{t('bd.form.intro')}</p>
      <h3 className="tb-card-title">{t('bd.form.merge')}</h3>
      {merges.map((m, i) => {
        const path = `form.merge[${i}]`;
        const setM = (patch: Partial<FieldMerge>) => setMerges(merges.map((x, j) => (j === i ? { ...m, ...patch } : x)));
        return (
          <Card key={i} size="small" style={{ marginBottom: 12 }} data-testid={`field-merge-${m.key}`}
            title={<h4 className="tb-card-title">{m.label?.[lang] ?? m.key}<span className="tb-result-code"> {m.key}</span></h4>}
            extra={<RowTools index={i} count={merges.length} name={m.key} onMove={(to) => setMerges(moveItem(merges, i, to))} onRemove={() => setMerges(merges.filter((_, j) => j !== i))} />}>
            <div className="tb-grid-3">
              <Field path={`${path}.key`} label={t('bd.form.jointKey')}><Input lang="en" value={m.key} onChange={(e) => setM({ key: e.target.value.trim() })} /></Field>
              <Field path={`${path}.label.zh`} label={t('bd.form.labelZh')}>
                <Input value={m.label?.zh ?? ''} onChange={(e) => setM({ label: { zh: e.target.value, en: m.label?.en ?? '' } })} />
              </Field>
              <Field path={`${path}.label.en`} label={t('bd.form.labelEn')}>
                <Input lang="en" value={m.label?.en ?? ''} onChange={(e) => setM({ label: { zh: m.label?.zh ?? '', en: e.target.value } })} />
              </Field>
            </div>
            <p className="tb-result-meta">{t('bd.form.feeds')}</p>
            {m.fields.map((f, j) => (
              <div key={j} className="tb-grid-3">
                <RefPicker path={`${path}.fields[${j}]`} codes={codes} value={{ itemCode: f.itemCode, entry: f.field }} entries={fieldsOf} entryKey="field" entryLabel={t('bd.form.field')}
                  onChange={(v) => setM({ fields: m.fields.map((x, k) => (k === j ? { itemCode: v.itemCode, field: v.entry } : x)) })} />
                <div><Button danger onClick={() => setM({ fields: m.fields.filter((_, k) => k !== j) })}>{t('bd.mat.removeRef', { n: j + 1 })}</Button></div>
              </div>
            ))}
            <Button onClick={() => setM({ fields: [...m.fields, blank()] })}>{t('bd.form.addField')}</Button>
          </Card>
        );
      })}
      <Button onClick={() => { let n = merges.length + 1; while (merges.some((m) => m.key === `joint${n}`)) n++; setMerges([...merges, { key: `joint${n}`, fields: [blank(), blank()] }]); }}>{t('bd.form.addMerge')}</Button>

      <h3 className="tb-card-title" style={{ marginTop: 16 }}>{t('bd.form.prefilled')}</h3>
      {pre.map((p, i) => {
        const path = `form.prefilled[${i}]`;
        const setP = (patch: Partial<Prefill>) => setPre(pre.map((x, k) => (k === i ? { ...p, ...patch } : x)));
        return (
          <div key={i} className="tb-grid-3" data-testid={`prefill-${i}`}>
            <RefPicker path={path} codes={codes} value={{ itemCode: p.itemCode, entry: p.field }} entries={fieldsOf} entryKey="field" entryLabel={t('bd.form.field')}
              onChange={(v) => setP({ itemCode: v.itemCode, field: v.entry })} />
            <Field path={`${path}.fromItem`} label={t('bd.form.from')}>
              <Select value={p.fromItem || undefined} onChange={(fromItem) => setP({ fromItem })} options={codes.map((c) => ({ value: c, label: c }))} />
            </Field>
            <Field path={`${path}.note`} label={t('bd.form.note')}>
              <Input value={p.note ?? ''} onChange={(e) => { const { note: _, ...rest } = p; setPre(pre.map((x, k) => (k === i ? (e.target.value ? { ...rest, note: e.target.value } : rest) : x))); }} />
            </Field>
            <div><Button danger onClick={() => setPre(pre.filter((_, k) => k !== i))}>{t('bd.mat.removeRef', { n: i + 1 })}</Button></div>
          </div>
        );
      })}
      <Button onClick={() => setPre([...pre, { ...blank(), fromItem: codes[0] ?? '' }])}>{t('bd.form.addPrefill')}</Button>
    </div>
  );
}

/** Why the bundle looks the way it does: each element with the line it is read from. */
export function SourcesEditor({ def, set }: { def: BundleDefinition; set: Set }) {
  const { t } = useI18n();
  const list = def.sources;
  const setAt = (i: number, patch: Partial<(typeof list)[number]>) => set({ sources: list.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  return (
    <section aria-labelledby="sources-title" data-testid="sources-editor">
      <h3 id="sources-title" className="tb-card-title" style={{ margin: '16px 0 8px' }}>{t('bd.sources')}</h3>
      {list.map((s, i) => (
        <div key={i} className="tb-grid-3">
          <Field path={`sources[${i}].about`} label={t('bd.sources.about')}><Input value={s.about} onChange={(e) => setAt(i, { about: e.target.value })} /></Field>
          <SourceFields path={`sources[${i}].source`} source={s.source} onChange={(source) => setAt(i, { source })} />
          {list.length > 1 && <div><Button danger onClick={() => set({ sources: list.filter((_, j) => j !== i) })}>{t('bd.mat.removeRef', { n: i + 1 })}</Button></div>}
        </div>
      ))}
      <Button onClick={() => set({ sources: [...list, { about: '', source: { ref: '' } }] })}>{t('bd.sources.add')}</Button>
    </section>
  );
}
