import { PaperClipOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useId, useState } from 'react';
import { errorMessage } from '../api.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { LicenceChoice, reusedLicenceLabel, type LicenceBrief } from '../licences/LicenceChoice.js';
import { uploadFile, type Material, type MaterialInput, type Reusable, type StoredFile } from './caseApi.js';

export interface Picked {
  requirement: number;
  file?: StoredFile;
  licenceNumber?: string;
  /** The applicant's own e-licence chosen for the material (its number is what the API takes). */
  licence?: LicenceBrief;
  /** Reused from an earlier case: the material and where it comes from. */
  reused?: Reusable;
}

/** Picked materials as the API takes them. */
export function materialInputs(picked: Record<number, Picked>): MaterialInput[] {
  return Object.values(picked)
    .filter((p) => p.file || p.licenceNumber || p.reused)
    .map((p) =>
      p.file
        ? { requirement: p.requirement, fileId: p.file.id }
        : p.reused
          ? { requirement: p.requirement, materialId: p.reused.materialId }
          : { requirement: p.requirement, licenceNumber: p.licenceNumber },
    );
}

/** What stands for a material in the review: the file, the earlier case it is reused from, or the licence. */
export function pickedLabel(p: Picked | undefined, t: (k: MessageKey, v?: Record<string, string | number>) => string): string | undefined {
  if (p?.file) return p.file.name;
  if (p?.reused) return t('cs.mat.reusedFrom', { number: p.reused.caseNumber, item: p.reused.itemName });
  if (p?.licence) return reusedLicenceLabel(t, p.licence);
  if (p?.licenceNumber) return `${t('cs.mat.byLicence')} ${p.licenceNumber}`;
  return undefined;
}

/** The required materials not yet given; those allowed 容缺 are listed apart, since they may follow later. */
export function missingOf(materials: readonly Material[], picked: Record<number, Picked>) {
  const missing = materials.map((m, i) => ({ m, i })).filter(({ m, i }) => m.required && !materialInputs({ [i]: picked[i] ?? { requirement: i } }).length);
  return { blocking: missing.filter(({ m }) => !m.deficiencyAllowed), deferrable: missing.filter(({ m }) => m.deficiencyAllowed) };
}

/** One material: what is asked, a file chooser (sent at once, its type checked by the server), and what was sent. */
export function MaterialPicker({
  index,
  material,
  picked,
  onPicked,
  reason,
  reusable = [],
}: {
  index: number;
  material: Material;
  picked: Picked | undefined;
  onPicked: (p: Picked) => void;
  reason?: string;
  /** Earlier materials of the same name the applicant may reuse instead of uploading again. */
  reusable?: readonly Reusable[];
}) {
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
          {busy
            ? t('cs.mat.uploading')
            : picked?.file
              ? t('cs.mat.uploaded', { name: picked.file.name, kb: Math.ceil(picked.file.size / 1024) })
              : picked?.reused
                ? t('cs.mat.reusedFrom', { number: picked.reused.caseNumber, item: picked.reused.itemName })
                : picked?.licence
                  ? reusedLicenceLabel(t, picked.licence)
                  : picked?.licenceNumber
                    ? t('cs.mat.byLicence')
                    : ''}
        </span>
      </div>
      {reusable.length > 0 && (
        <div className="tb-material-pick" style={{ marginTop: 8 }}>
          <label htmlFor={`${id}-reuse`}>{t('cs.mat.reuse')}</label>
          {/* A native select: its closed list leaves nothing unlabelled behind for screen readers. */}
          <select
            id={`${id}-reuse`}
            className="tb-native-select"
            value={picked?.reused?.materialId ?? ''}
            onChange={(e) => {
              const reused = reusable.find((r) => r.materialId === e.target.value);
              onPicked(reused ? { requirement: index, reused } : { requirement: index });
            }}
          >
            <option value="">{t('cs.mat.reuseHint')}</option>
            {reusable.map((r) => (
              <option key={r.materialId} value={r.materialId}>{t('cs.mat.reusedFrom', { number: r.caseNumber, item: r.itemName })}</option>
            ))}
          </select>
        </div>
      )}
      {material.licenceType && (
        <LicenceChoice
          baseId={id}
          material={material}
          number={picked?.licenceNumber}
          onChoose={(licence, typed) => onPicked(licence ? { requirement: index, licenceNumber: licence.number, licence } : { requirement: index, licenceNumber: typed })}
        />
      )}
      {error && <p role="alert" className="tb-field-error">{error}</p>}
    </li>
  );
}
