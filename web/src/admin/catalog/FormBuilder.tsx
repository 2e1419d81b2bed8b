import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Upload } from 'antd';
import { useI18n, type MessageKey } from '../../i18n.js';
import type { FormField } from '../../types.js';
import { Field } from './problems.js';

export const FIELD_TYPES = ['text', 'number', 'date', 'select', 'idNumber', 'creditCode', 'phone', 'address', 'file'] as const;

/** The checks an applicant's browser applies for a field type before the server checks again. */
const TYPE_PATTERNS: Partial<Record<FormField['type'], RegExp>> = {
  idNumber: /^\d{17}[\dXx]$/,
  creditCode: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
  phone: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/,
};

export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x!);
  return next;
}

/** Options of a select field, one a line: `value|中文|English`. */
function optionsText(field: FormField): string {
  return (field.options ?? []).map((o) => `${o.value}|${o.label.zh}|${o.label.en}`).join('\n');
}
function parseOptions(text: string): FormField['options'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value = '', zh = value, en = zh] = l.split('|').map((p) => p.trim());
      return { value, label: { zh: zh || value, en: en || zh || value } };
    });
}

/** Row controls shared by the list editors: move up, move down, remove. */
export function RowTools({ index, count, name, onMove, onRemove }: { index: number; count: number; name: string; onMove: (to: number) => void; onRemove: () => void }) {
  const { t } = useI18n();
  return (
    <span className="tb-row-tools">
      <Button size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('catalog.moveUp', { name })} />
      <Button size="small" icon={<ArrowDownOutlined aria-hidden />} disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('catalog.moveDown', { name })} />
      <Button size="small" danger icon={<DeleteOutlined aria-hidden />} onClick={onRemove} aria-label={t('catalog.remove', { name })} />
    </span>
  );
}

/** The editor of the applicant's form: one card per field, in order. */
export function FormBuilder({ fields, onChange }: { fields: FormField[]; onChange: (fields: FormField[]) => void }) {
  const { t, lang } = useI18n();
  const set = (i: number, patch: Partial<FormField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const add = () => {
    let n = fields.length + 1;
    while (fields.some((f) => f.key === `field${n}`)) n++;
    onChange([...fields, { key: `field${n}`, label: { zh: t('catalog.form.newLabel'), en: 'New field' }, type: 'text', required: false }]);
  };
  return (
    <div data-testid="form-builder">
      {fields.map((f, i) => (
        <Card
          key={i}
          size="small"
          style={{ marginBottom: 8 }}
          title={<h4 className="tb-card-title">{t('catalog.form.fieldN', { n: i + 1 })} · {f.label[lang]}</h4>}
          extra={<RowTools index={i} count={fields.length} name={f.label[lang]} onMove={(to) => onChange(moveItem(fields, i, to))} onRemove={() => onChange(fields.filter((_, j) => j !== i))} />}
        >
          <div className="tb-grid-3">
            <Field path={`form.fields[${i}].key`} label={t('catalog.form.key')}>
              <Input value={f.key} onChange={(e) => set(i, { key: e.target.value })} />
            </Field>
            <Field path={`form.fields[${i}].label.zh`} label={t('catalog.form.labelZh')}>
              <Input value={f.label.zh} onChange={(e) => set(i, { label: { ...f.label, zh: e.target.value } })} />
            </Field>
            <Field path={`form.fields[${i}].label.en`} label={t('catalog.form.labelEn')}>
              <Input lang="en" value={f.label.en} onChange={(e) => set(i, { label: { ...f.label, en: e.target.value } })} />
            </Field>
            <Field path={`form.fields[${i}].type`} label={t('catalog.form.type')}>
              <Select
                value={f.type}
                onChange={(type) => set(i, { type, options: type === 'select' ? (f.options ?? []) : undefined })}
                options={FIELD_TYPES.map((ty) => ({ value: ty, label: t(`catalog.fieldType.${ty}` as MessageKey) }))}
              />
            </Field>
            <Field path={`form.fields[${i}].pattern`} label={t('catalog.form.pattern')} extra={t('catalog.form.patternHelp')}>
              <Input value={f.pattern ?? ''} onChange={(e) => set(i, { pattern: e.target.value || undefined })} />
            </Field>
            <Form.Item label={t('catalog.form.required')} htmlFor={`form-required-${i}`} style={{ marginBottom: 12 }}>
              <Checkbox id={`form-required-${i}`} checked={f.required} onChange={(e) => set(i, { required: e.target.checked })}>{t('catalog.form.requiredYes')}</Checkbox>
            </Form.Item>
          </div>
          {f.type === 'select' && (
            <Field path={`form.fields[${i}].options`} label={t('catalog.form.options')} extra={t('catalog.form.optionsHelp')}>
              <Input.TextArea rows={3} defaultValue={optionsText(f)} onBlur={(e) => set(i, { options: parseOptions(e.target.value) })} />
            </Field>
          )}
        </Card>
      ))}
      <Button icon={<PlusOutlined aria-hidden />} onClick={add}>{t('catalog.form.add')}</Button>
    </div>
  );
}

/** The applicant's form as it will look, with its required and pattern checks live, to try before publishing. */
export function FormPreview({ fields }: { fields: FormField[] }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  return (
    <Form form={form} layout="vertical" name="form-preview" data-testid="form-preview" onFinish={() => undefined}>
      {fields.map((f) => {
        const label = f.label[lang];
        const rules: object[] = [];
        if (f.required) rules.push({ required: true, message: t('common.required', { field: label }) });
        const typePattern = TYPE_PATTERNS[f.type];
        if (typePattern) rules.push({ pattern: typePattern, message: t('catalog.preview.invalid', { field: label }) });
        if (f.pattern) {
          try {
            rules.push({ pattern: new RegExp(f.pattern), message: t('catalog.preview.invalid', { field: label }) });
          } catch {
            // An unreadable pattern is the server's to refuse; the preview shows the field without it.
          }
        }
        const control =
          f.type === 'number' ? <InputNumber style={{ width: '100%' }} />
          : f.type === 'date' ? <DatePicker style={{ width: '100%' }} />
          : f.type === 'select' ? <Select options={(f.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))} />
          : f.type === 'address' ? <Input.TextArea rows={2} />
          : f.type === 'phone' ? <Input type="tel" inputMode="tel" />
          : f.type === 'idNumber' || f.type === 'creditCode' ? <Input maxLength={18} />
          : <Input />;
        if (f.type === 'file') {
          return (
            <Form.Item key={f.key} name={f.key} label={label} rules={rules} valuePropName="fileList" getValueFromEvent={(e: { fileList: unknown[] }) => e.fileList}>
              <Upload beforeUpload={() => false}><Button>{t('catalog.preview.chooseFile')}</Button></Upload>
            </Form.Item>
          );
        }
        return <Form.Item key={f.key} name={f.key} label={label} rules={rules}>{control}</Form.Item>;
      })}
      <Button htmlType="submit">{t('catalog.preview.check')}</Button>
    </Form>
  );
}
