import { PaperClipOutlined } from '@ant-design/icons';
import { Input, Tag } from 'antd';
import { useId, useState } from 'react';
import { errorMessage } from '../api.js';
import { useI18n } from '../i18n.js';
import { uploadFile, type Material, type MaterialInput, type StoredFile } from './caseApi.js';

export interface Picked {
  requirement: number;
  file?: StoredFile;
  licenceNumber?: string;
}

/** Picked materials as the API takes them. */
export function materialInputs(picked: Record<number, Picked>): MaterialInput[] {
  return Object.values(picked)
    .filter((p) => p.file || p.licenceNumber)
    .map((p) => (p.file ? { requirement: p.requirement, fileId: p.file.id } : { requirement: p.requirement, licenceNumber: p.licenceNumber }));
}

/** The required materials not yet given; those allowed 容缺 are listed apart, since they may follow later. */
export function missingOf(materials: readonly Material[], picked: Record<number, Picked>) {
  const missing = materials.map((m, i) => ({ m, i })).filter(({ m, i }) => m.required && !picked[i]?.file && !picked[i]?.licenceNumber);
  return { blocking: missing.filter(({ m }) => !m.deficiencyAllowed), deferrable: missing.filter(({ m }) => m.deficiencyAllowed) };
}

/** One material: what is asked, a file chooser (sent at once, its type checked by the server), and what was sent. */
export function MaterialPicker({ index, material, picked, onPicked, reason }: { index: number; material: Material; picked: Picked | undefined; onPicked: (p: Picked) => void; reason?: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onPicked({ requirement: index, file: await uploadFile(file) });
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="tb-material" data-requirement={index}>
      <div className="tb-material-head">
        <strong id={`${id}-name`}>{material.name}</strong>
        {material.required ? <Tag>{t('cs.mat.required')}</Tag> : <Tag>{t('cs.mat.optional')}</Tag>}
        {material.deficiencyAllowed && <Tag className="tb-tag-warn">{t('cs.mat.deficiency')}</Tag>}
        <span className="tb-result-code">{t('cs.mat.count', { n: material.count })}</span>
      </div>
      {reason && <p className="tb-field-error" data-testid={`material-reason-${index}`}>{t('cs.my.reason', { reason })}</p>}
      {material.note && <p className="tb-result-code">{material.note}</p>}
      <div className="tb-material-pick">
        <label htmlFor={`${id}-file`} className="ant-btn ant-btn-default tb-file-label">
          <PaperClipOutlined aria-hidden /> {picked?.file ? t('cs.mat.replace') : t('cs.mat.choose')}
        </label>
        <input
          id={`${id}-file`}
          className="tb-file-input"
          type="file"
          accept=".pdf,.ofd,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
          aria-describedby={`${id}-name ${id}-status`}
          disabled={busy}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <span id={`${id}-status`} role="status" data-testid={`material-status-${index}`}>
          {busy ? t('cs.mat.uploading') : picked?.file ? t('cs.mat.uploaded', { name: picked.file.name, kb: Math.ceil(picked.file.size / 1024) }) : picked?.licenceNumber ? t('cs.mat.byLicence') : ''}
        </span>
      </div>
      {material.licenceType && (
        <Input
          style={{ maxWidth: 320, marginTop: 8 }}
          aria-label={t('cs.mat.licenceNumber', { name: material.name })}
          placeholder={t('cs.mat.licenceNumberHint')}
          value={picked?.licenceNumber ?? ''}
          onChange={(e) => onPicked({ requirement: index, licenceNumber: e.target.value || undefined })}
        />
      )}
      {error && <p role="alert" className="tb-field-error">{error}</p>}
    </li>
  );
}
