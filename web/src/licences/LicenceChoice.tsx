import { Input } from 'antd';
import { useLoad } from '../api.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import type { Material } from '../types.js';
import { listMyLicences, type Licence } from './api.js';

/** The facts of a chosen licence the application shows (picker, review) without asking the server again. */
export type LicenceBrief = Pick<Licence, 'id' | 'typeName' | 'number' | 'issuerName' | 'validUntil'>;

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function licenceUntil(t: T, validUntil: string | null): string {
  return validUntil ? t('lic.untilShort', { date: validUntil }) : t('lic.longTerm');
}

/** "选用电子证照:营业执照 4212…,咸安区市场监督管理局发,长期有效": what stands for the material in the review. */
export function reusedLicenceLabel(t: T, l: LicenceBrief): string {
  return t('lic.reused', { type: l.typeName, number: l.number, issuer: l.issuerName, until: licenceUntil(t, l.validUntil) });
}

interface ChoiceProps {
  baseId: string;
  material: Material & { licenceTypeName?: string | null };
  number: string | undefined;
  onChoose: (licence: LicenceBrief | null, number?: string) => void;
}

/** An applicant chooses among their own valid licences of the material's type (checked again by the server). */
function ApplicantChoice({ baseId, material, number, onChoose }: ChoiceProps) {
  const { t } = useI18n();
  const type = material.licenceType!;
  const mine = useLoad((signal) => listMyLicences(signal, { typeCode: type, usable: true }).catch(() => [] as Licence[]), [type]);
  if (!mine.data) return null;
  if (!mine.data.length) {
    return <p className="tb-result-code" data-testid={`licence-none-${type}`}>{t('lic.chooseNone', { type: material.licenceTypeName ?? material.name })}</p>;
  }
  return (
    <div className="tb-material-pick" style={{ marginTop: 8 }}>
      <label htmlFor={`${baseId}-licence`}>{t('lic.choose')}</label>
      <select
        id={`${baseId}-licence`}
        className="tb-native-select"
        data-testid={`licence-choice-${type}`}
        value={number ?? ''}
        onChange={(e) => onChoose(mine.data!.find((l) => l.number === e.target.value) ?? null)}
      >
        <option value="">{t('lic.chooseHint')}</option>
        {mine.data.map((l) => (
          <option key={l.id} value={l.number}>{t('lic.option', { type: l.typeName, number: l.number, issuer: l.issuerName, until: licenceUntil(t, l.validUntil) })}</option>
        ))}
      </select>
    </div>
  );
}

/**
 * The licence a material may be proven by. Applicants choose from their own licences; staff filing for a walk-in
 * applicant type the number from the applicant's paper or phone, since they cannot list another person's licences.
 */
export function LicenceChoice(props: ChoiceProps) {
  const { t } = useI18n();
  const session = useSession();
  if (session.hasRole('applicant_person', 'applicant_enterprise')) return <ApplicantChoice {...props} />;
  return (
    <Input
      style={{ maxWidth: 320, marginTop: 8 }}
      aria-label={t('cs.mat.licenceNumber', { name: props.material.name })}
      placeholder={t('cs.mat.licenceNumberHint')}
      value={props.number ?? ''}
      onChange={(e) => props.onChoose(null, e.target.value || undefined)}
    />
  );
}
