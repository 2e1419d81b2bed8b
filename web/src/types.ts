// The org contract is written once, in the server's TypeBox schemas; the web app reads its types from there.
import type { Static } from 'typebox';
import type { AuditEntryView, DepartmentView, RegionView, SessionView, UserView } from '../../src/modules/org/contract.js';
import type {
  AdminItemView,
  ItemSummaryView,
  FormField as CatalogFormField,
  MaterialRequirement,
  ServiceItem as CatalogServiceItem,
  Step as CatalogStep,
} from '../../src/modules/catalog/contract.js';
import type {
  MissingYearsView,
  NoticeConfirmView,
  NoticePreviewView,
  OfficeHoursView,
  YearViewSchema,
} from '../../src/modules/calendar/contract.js';
import type {
  ConfirmView as LedgerConfirmView,
  DispatchView,
  DraftTaskView,
  DraftView as LedgerDraftView,
  EvaluationView,
  OrderView,
  TaskView,
} from '../../src/modules/ledger/contract.js';

export type Role = 'applicant_person' | 'applicant_enterprise' | 'window_clerk' | 'approver' | 'supervisor' | 'admin';
export const STAFF_ROLES: readonly Role[] = ['window_clerk', 'approver', 'supervisor', 'admin'];

export type Session = Static<typeof SessionView>;
export type SessionUser = Session['user'];
export type User = Static<typeof UserView>;
export type Region = Static<typeof RegionView>;
export type Department = Static<typeof DepartmentView>;
export type AuditEntry = Static<typeof AuditEntryView>;
export type CatalogItemSummary = Static<typeof ItemSummaryView>;

// Catalog, calendar and ledger: the admin editor, the 办事指南, the year view and the ledger review.
export type ServiceItem = CatalogServiceItem;
export type FormField = CatalogFormField;
export type Material = MaterialRequirement;
export type Step = CatalogStep;
export type AdminItem = Static<typeof AdminItemView>;

type Label = { zh: string; en: string };
/** The 办事指南 as `getGuide` spells it out (GuideView admits these extra properties). */
export interface Guide {
  itemId: string;
  version: number;
  suspended: boolean;
  suspendedReason: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  powerType: Label;
  legalBasis: string;
  department: { code: string; name: string };
  regionCode: string;
  level: Label;
  audiences: Label[];
  conditions: string[];
  materials: (Material & { licenceTypeName: string | null })[];
  steps: { name: string; department: string; role: string }[];
  legalLimit: { days: number | null; text: Label };
  promisedLimit: { days: number | null; text: Label };
  immediate: boolean;
  fee: { amountFen: number; text: Label };
  visits: { count: number | null; text: Label };
  onlineDepth: Label;
  fourWays: Label[];
  scopes: Label[];
  pledgeAllowed: boolean;
  specialProcedures: ServiceItem['specialProcedures'];
  result: ServiceItem['result'] & { licenceTypeName: string | null };
  windows: ServiceItem['windows'];
  phones: ServiceItem['phones'];
  form: ServiceItem['form'];
}

export type CalendarYear = Static<typeof YearViewSchema>;
export type DayKind = CalendarYear['days'][number]['kind'];
export type NoticePreview = Static<typeof NoticePreviewView>;
export type NoticeConfirm = Static<typeof NoticeConfirmView>;
export type OfficeHours = Static<typeof OfficeHoursView>;
export type MissingYears = Static<typeof MissingYearsView>;

export type LedgerDraft = Static<typeof LedgerDraftView>;
export type LedgerDraftTask = Static<typeof DraftTaskView>;
export type LedgerConfirm = Static<typeof LedgerConfirmView>;
export type LedgerTask = Static<typeof TaskView>;
export type LedgerDispatch = Static<typeof DispatchView>;
export type LedgerOrder = Static<typeof OrderView>;
export type LedgerEvaluation = Static<typeof EvaluationView>;
