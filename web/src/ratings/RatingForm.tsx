import { Alert, Button, Checkbox, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { ratingOptions, type RatingInput } from './api.js';
import './ratings.css';

/**
 * The five levels with the standard's per-level options and a comment: one form for the portal, the window's
 * 评价器 and the QR page. The options follow the level chosen (praise for 3–5, faults for 2 and 1).
 */
export function RatingForm({ onSubmit, large = false, name = 'rating' }: { onSubmit: (r: RatingInput) => Promise<void>; large?: boolean; name?: string }) {
  const { t, lang } = useI18n();
  const opts = useLoad((signal) => ratingOptions(signal), []);
  const [level, setLevel] = useState<number | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (opts.error) return <ErrorState error={opts.error} onRetry={opts.reload} />;
  if (!opts.data) return <PageLoading />;
  const chosen = opts.data.levels.find((l) => l.level === level);
  const submit = async () => {
    if (level === null) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ level, options: picked, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" name={name} onFinish={() => void submit()} className={large ? 'tb-rating-form tb-rating-large' : 'tb-rating-form'}>
      <Form.Item label={t('rt.level')} required>
        <Radio.Group
          value={level}
          onChange={(e) => {
            setLevel(e.target.value as number);
            setPicked([]);
          }}
          optionType="button"
          buttonStyle="solid"
          className="tb-rating-levels"
          aria-label={t('rt.level')}
        >
          {opts.data.levels.map((l) => (
            <Radio.Button key={l.level} value={l.level} data-level={l.level}>
              {'★'.repeat(l.level)} {lang === 'zh' ? l.name.zh : l.name.en}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {chosen && (
        <Form.Item label={t('rt.options')}>
          <Checkbox.Group value={picked} onChange={(v) => setPicked(v as string[])} options={chosen.options.map((o) => ({ value: o.code, label: lang === 'zh' ? o.zh : o.en }))} />
        </Form.Item>
      )}
      {chosen?.bad && <Alert type="info" showIcon title={t('rt.badHint')} style={{ marginBottom: 12 }} />}
      <Form.Item label={t('rt.comment')} htmlFor={`${name}-comment`}>
        <Input.TextArea id={`${name}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} rows={3} />
      </Form.Item>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" disabled={level === null} loading={busy} size={large ? 'large' : 'middle'}>
        {t('rt.submit')}
      </Button>
    </Form>
  );
}

export function LevelText({ level }: { level: number }) {
  const { lang } = useI18n();
  const names: Record<number, [string, string]> = { 5: ['非常满意', 'Very satisfied'], 4: ['满意', 'Satisfied'], 3: ['基本满意', 'Basically satisfied'], 2: ['不满意', 'Dissatisfied'], 1: ['非常不满意', 'Very dissatisfied'] };
  const [zh, en] = names[level] ?? [String(level), String(level)];
  return <span className={level <= 2 ? 'tb-rating-bad' : 'tb-rating-good'}>{'★'.repeat(level)} {lang === 'zh' ? zh : en}</span>;
}
