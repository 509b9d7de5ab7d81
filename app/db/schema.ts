import type { ColumnType, Generated, Selectable } from "kysely";

/**
 * The database as Kysely sees it. Keep in step with db/migrations (a test compares
 * these tables and columns with information_schema).
 */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (never nest Generated<ColumnType>). */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string, string>;
export type GeneratedJson = ColumnType<unknown, string | undefined, string>;

export type OrgKind = "operator" | "certifier";
export type Role = "owner" | "admin" | "house_manager" | "staff" | "resident" | "certifier_admin" | "auditor";

export interface OrgTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: OrgKind;
  time_zone: string;
  currency: Generated<string>;
  created_at: GeneratedTimestamp;
  require_two_factor: Generated<boolean>;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: GeneratedTimestamp;
  password_changed_at: Timestamp | null;
  disabled_at: Timestamp | null;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  /** The last TOTP step whose code was accepted (0014): codes for it or earlier are refused. */
  totp_last_step: number | null;
  /** Work phone, shown to residents of the houses the user manages (0009). */
  phone: string | null;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  ip: string | null;
  user_agent: string | null;
  persistent: Generated<boolean>;
  two_factor_pending: Generated<boolean>;
  two_factor_at: Timestamp | null;
}

/** Proofs of identity per transaction (0011): written and read only by the owner's functions. */
export interface AuthProofTable {
  tx: number;
  user_id: string;
  created_at: GeneratedTimestamp;
  /** A second factor was checked too (0021). */
  second_factor: Generated<boolean>;
}

/** The key that signs tenant settings (0021): read only by the owner's functions. */
export interface TenantKeyTable {
  id: number;
  inner_pad: string;
  outer_pad: string;
  created_at: GeneratedTimestamp;
}

export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  created_at: GeneratedTimestamp;
  used_at: Timestamp | null;
}

export interface SignupRequestTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  org_name: string;
  time_zone: string;
  currency: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PasswordResetTokenTable {
  id: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface OutboxTable {
  id: Generated<number>;
  org_id: string | null;
  kind: string;
  payload: Json;
  dedupe_key: string | null;
  status: Generated<"pending" | "done" | "dead">;
  attempts: Generated<number>;
  run_after: GeneratedTimestamp;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  processed_at: Timestamp | null;
  /** The recipient as owners/admins may see it ("j•••@e•••.org"), written when queued (0014). */
  recipient_mask: string | null;
  /** What the message is for ("team_invitation", …), written when queued (0014). */
  purpose: string | null;
}

export interface MembershipTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  role: Role;
  created_at: GeneratedTimestamp;
  /** Access to this org switched off by an owner/admin (the person stays on record). */
  disabled_at: Timestamp | null;
}

export interface InviteTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** A resident-role invite for this resident record: accepting links the account (0004). */
  resident_id: string | null;
}

/** The per-org hash chain over audit_event (owner role only; see migration 0006). */
export interface AuditSealTable {
  org_id: string | null;
  seq: number;
  event_id: number;
  prev_hash: string | null;
  hash: string;
  sealed_at: GeneratedTimestamp;
}

export interface AuditEventTable {
  id: Generated<number>;
  org_id: Generated<string | null>;
  actor_user_id: Generated<string | null>;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: Generated<string | null>;
  ip: Generated<string | null>;
  data: GeneratedJson;
  created_at: GeneratedTimestamp;
}

// ── houses, residents, applications, stays (db/migrations/0003_houses.ts) ──
export type HousePopulation =
  | "men"
  | "women"
  | "all_genders"
  | "lgbtq_affirming"
  | "families_with_children"
  | "pregnant_postpartum"
  | "veterans"
  | "young_adults"
  | "older_adults"
  | "justice_involved"
  | "moud_supportive";
export type HouseStatus = "active" | "inactive";
export type BedKind = "adult" | "child";
export type BedStatus = "available" | "held" | "out_of_service";
export type ReferralSource = "self" | "family" | "treatment_program" | "court" | "probation" | "hospital" | "other";
export type ApplicationStatus = "new" | "screening" | "accepted" | "waitlisted" | "declined" | "admitted";
export type StayEndType = "discharge" | "transfer";
export type DischargeReason =
  | "completed_program"
  | "independent_housing"
  | "left_voluntarily"
  | "rule_related"
  | "return_to_use"
  | "hospital_or_treatment"
  | "incarceration"
  | "deceased"
  | "other";

export interface HouseTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  region: string;
  postal_code: string;
  populations: HousePopulation[];
  narr_level: number;
  time_zone: string;
  phone: string | null;
  status: Generated<HouseStatus>;
  /** Who set the house up (default: the current user; not writable by the app role). */
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** Bathrooms in the house (0041), for the bed-count check; null until entered. */
  bathroom_count: number | null;
}

export interface MembershipHouseTable {
  org_id: string;
  membership_id: string;
  house_id: string;
  created_at: GeneratedTimestamp;
}

export interface RoomTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  name: string;
  size_sq_ft: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface BedTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  room_id: string;
  label: string;
  kind: Generated<BedKind>;
  accessible: Generated<boolean>;
  status: Generated<BedStatus>;
  status_reason: string | null;
  status_changed_at: Timestamp | null;
  /** date, YYYY-MM-DD: a held bed becomes available on this day (maintenance, 0012). */
  held_until: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ResidentTable {
  id: Generated<string>;
  org_id: string;
  user_id: string | null;
  legal_name: string;
  preferred_name: string | null;
  pronouns: string | null;
  /** date, YYYY-MM-DD */
  date_of_birth: string | null;
  phone: string | null;
  email: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  /** date, YYYY-MM-DD */
  recovery_start_date: string | null;
  created_by: Generated<string | null>;
  first_admitted_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ResidentNoteTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  author_user_id: Generated<string | null>;
  body: string;
  created_at: GeneratedTimestamp;
}

export interface ApplicationTable {
  id: Generated<string>;
  org_id: string;
  house_id: string | null;
  applicant_name: string;
  phone: string | null;
  email: string | null;
  referral_source: ReferralSource;
  referral_detail: string | null;
  /** date, YYYY-MM-DD */
  desired_move_in: string | null;
  needs: string | null;
  consent_to_contact: boolean;
  status: Generated<ApplicationStatus>;
  decline_reason: string | null;
  submitted_via: Generated<"staff" | "public">;
  admitted_resident_id: string | null;
  /** The house of the admission (decided applications are read by its managers). */
  admitted_house_id: string | null;
  /** Set by the retention job, which clears the applicant's details. */
  anonymised_at: Timestamp | null;
  /** date, YYYY-MM-DD; the applicant's choice to share */
  recovery_date: string | null;
  payer: Payer | null;
  sponsor_name: string | null;
  sponsor_phone: string | null;
  probation_contact_name: string | null;
  probation_contact_phone: string | null;
  status_changed_at: GeneratedTimestamp;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StayTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string;
  bed_id: string;
  /** daterange text, e.g. "[2026-01-05,)" (move-in inclusive, move-out exclusive) */
  during: string;
  end_type: StayEndType | null;
  discharge_reason: DischargeReason | null;
  discharge_destination: string | null;
  transferred_from_stay_id: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type Payer = "self" | "family" | "voucher_or_grant" | "employer";
export type MoudAnswer = "yes" | "no" | "prefer_not_to_say";

/** Append-only screening log of an application, linked to the resident it became (0012). */
export interface ScreeningNoteTable {
  id: Generated<string>;
  org_id: string;
  application_id: string | null;
  resident_id: string | null;
  author_user_id: Generated<string | null>;
  body: string;
  created_at: GeneratedTimestamp;
}

/** Intake facts on a resident's record: staff-only, house-scoped (0012). */
export interface ResidentIntakeTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  referral_source: ReferralSource | null;
  referral_detail: string | null;
  needs: string | null;
  payer: Payer | null;
  sponsor_name: string | null;
  sponsor_phone: string | null;
  probation_contact_name: string | null;
  probation_contact_phone: string | null;
  application_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Medication for opioid use disorder (42 CFR Part 2): the person's house only (0012). */
export interface MoudStatusTable {
  id: Generated<string>;
  org_id: string;
  application_id: string | null;
  resident_id: string | null;
  status: MoudAnswer;
  recorded_by: string | null;
  recorded_at: GeneratedTimestamp;
}

/** The houses a house manager or staff invitation assigns on acceptance (0012). */
export interface InviteHouseTable {
  id: Generated<string>;
  org_id: string;
  invite_id: string;
  house_id: string;
}

/** An office a resident holds in a house (0016): coordinator now; the fees module adds more. */
export type HouseOfficeKind = "coordinator" | "treasurer" | "secretary";
export interface HouseOfficeTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  office: HouseOfficeKind;
  resident_id: string;
  assigned_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export type ChoreFrequency = "daily" | "weekly" | "custom";
export type Weekday = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
/** A house's chore definition (0016). */
export interface ChoreTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  name: string;
  area: string | null;
  instructions: string | null;
  effort: number;
  frequency: ChoreFrequency;
  weekdays: Generated<Weekday[]>;
  /** An RRULE (custom frequency only). */
  rule: string | null;
  starts_on: string;
  archived_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type ChoreAssignmentStatus = "assigned" | "done" | "verified" | "sent_back";
/** One chore on one day for one resident (0016); "missed" is computed, never stored. */
export interface ChoreAssignmentTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  chore_id: string;
  resident_id: string;
  day: string;
  effort: number;
  status: Generated<ChoreAssignmentStatus>;
  done_at: Timestamp | null;
  done_note: string | null;
  checked_at: Timestamp | null;
  checked_by: string | null;
  sent_back_reason: string | null;
  created_at: GeneratedTimestamp;
}

export type ChoreSwapStatus = "pending" | "accepted" | "declined" | "cancelled";
/** A resident asks a housemate to take one of their chores (0016). */
export interface ChoreSwapTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  assignment_id: string;
  from_resident_id: string;
  to_resident_id: string;
  status: Generated<ChoreSwapStatus>;
  created_at: GeneratedTimestamp;
  decided_at: Timestamp | null;
}

export type DocumentKind = "house_rules" | "resident_rights" | "grievance_procedure" | "good_neighbour";
export type DocumentStatus = "draft" | "published";

/** A version of a house document (0015): house_id null = the org default; published ones never change. */
export interface DocumentVersionTable {
  id: Generated<string>;
  org_id: string;
  house_id: string | null;
  kind: DocumentKind;
  body: string;
  status: Generated<DocumentStatus>;
  /** Set by the trigger when published (1, 2, … per house and kind). */
  version: number | null;
  /** sha256 (hex) of the exact body, set by the trigger when published. */
  content_hash: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** A resident's e-signature of one published version (0015): append-only. */
export interface DocumentSignatureTable {
  id: Generated<string>;
  org_id: string;
  document_version_id: string;
  resident_id: string;
  typed_name: string;
  content_hash: string;
  ip: Generated<string | null>;
  signed_by: Generated<string | null>;
  signed_at: GeneratedTimestamp;
}

// ── sessions, house meetings and mutual-aid attendance (0017) ──────────────
export type SessionKind =
  | "house_meeting"
  | "recovery_coach_group"
  | "budgeting"
  | "cooking_nutrition"
  | "job_search"
  | "conflict_resolution"
  | "relapse_prevention"
  | "digital_literacy"
  | "parenting"
  | "custom";
export type SessionAttendanceRule = "all" | "list" | "optional";
export type AttendanceStatus = "present" | "excused" | "absent";
export type Fellowship = "aa" | "na" | "smart" | "recovery_dharma" | "celebrate_recovery" | "other";

/** Life-skills topics an org adds to the built-in kinds (0017). */
export interface SessionKindTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  created_at: GeneratedTimestamp;
}

/** A recurring in-house session; `rule` is an RRULE expanded in the house's zone (ADR 025). */
export interface SessionSeriesTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  title: string;
  kind: SessionKind;
  custom_kind_id: string | null;
  facilitator_name: string | null;
  facilitator_membership_id: string | null;
  place: string | null;
  /** The first day (local calendar date, YYYY-MM-DD). */
  starts_on: string;
  /** Local wall-clock start, "HH:MM:SS". */
  start_time: string;
  duration_minutes: number;
  rule: string;
  attendance: SessionAttendanceRule;
  archived_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SessionInviteeTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  series_id: string;
  resident_id: string;
  created_at: GeneratedTimestamp;
}

/** One occurrence (its original local day) cancelled or moved. */
export interface SessionExceptionTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  series_id: string;
  occurs_on: string;
  action: "cancelled" | "moved";
  moved_to: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface SessionAttendanceTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  series_id: string;
  occurs_on: string;
  resident_id: string;
  status: AttendanceStatus;
  recorded_by: Generated<string | null>;
  recorded_at: GeneratedTimestamp;
}

export type CalendarFeedKind = "resident" | "house";

/** A private iCalendar link (0019): only its token's hash is stored; revoked_at turns it off. */
export interface CalendarFeedTable {
  id: Generated<string>;
  org_id: string;
  kind: CalendarFeedKind;
  /** Null once the member was removed from the org. */
  user_id: Generated<string | null>;
  resident_id: string | null;
  house_id: string | null;
  token_hash: string;
  created_at: GeneratedTimestamp;
  revoked_at: Date | null;
}

/** Off-site mutual-aid meetings a resident logs for themselves. */
export interface MeetingLogTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  met_on: string;
  fellowship: Fellowship;
  place: string;
  verifier_name: string | null;
  created_at: GeneratedTimestamp;
}

/** A house's weekly target of logged meetings per resident. */
export interface MeetingTargetTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  weekly_target: number;
  updated_at: GeneratedTimestamp;
}

/** Fees (0023, ADR 030): what is charged — org-wide, one house or one bed — and how often. */
export type FeeCadence = "weekly" | "biweekly" | "monthly" | "once";
export interface FeeScheduleTable {
  id: Generated<string>;
  org_id: string;
  house_id: string | null;
  bed_id: string | null;
  name: string;
  cadence: FeeCadence;
  /** ISO weekday 1 (Monday) … 7, for weekly and every-two-weeks schedules. */
  weekday: number | null;
  /** 1 … 31 for monthly schedules (a later day than a month has is its last day). */
  month_day: number | null;
  amount_cents: number;
  is_deposit: Generated<boolean>;
  effective_from: string;
  /** The last day the schedule applies (inclusive), or null while it runs. */
  effective_to: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

/** One row per org: the last receipt number handed out (0023). */
export interface ReceiptCounterTable {
  org_id: string;
  last_number: Generated<number>;
}

export type LedgerEntryKind = "charge" | "deposit" | "payment" | "credit" | "refund" | "reversal" | "deposit_release" | "payout";
export type PaymentMethod = "cash" | "money_order" | "check" | "card_elsewhere" | "online";
export type PaymentPayer = "resident" | "family" | "voucher_or_grant" | "employer";
/** A resident's money, append-only (0023): amount_cents > 0 adds to what they owe, < 0 takes from it. */
export interface LedgerEntryTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string;
  stay_id: string;
  kind: LedgerEntryKind;
  amount_cents: number;
  effective_on: string;
  memo: string | null;
  schedule_id: string | null;
  period_start: string | null;
  /** Exclusive. */
  period_end: string | null;
  reverses_id: string | null;
  refund_of_id: string | null;
  /** A deposit_release names the deposit it releases (0024). */
  releases_id: string | null;
  /** A payout: the deposit_release it pays out (0024, ADR 031). */
  payout_of_id: string | null;
  method: PaymentMethod | null;
  payer: PaymentPayer | null;
  reference: string | null;
  /** Written by the database (the org's next receipt number, for a payment): the app role may not insert it. */
  receipt_number: number | null;
  idempotency_key: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export type ReminderCadence = "off" | "weekly" | "biweekly";
/** An org's payment reminder choice (0027); no row = off. */
export interface FeeReminderSettingTable {
  org_id: string;
  cadence: Generated<ReminderCadence>;
  min_cents: Generated<number>;
  min_days: Generated<number>;
  sign_off: Generated<string>;
  updated_by: Generated<string | null>;
  updated_at: GeneratedTimestamp;
}

/** One reminder queued per resident and cadence period (0027), append-only. */
export interface FeeReminderTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string;
  period_key: string;
  overdue_cents: number;
  created_at: GeneratedTimestamp;
}

/** A payment plan (0026, ADR 033): instalments agreed against a balance; ends once, with a reason. */
export interface PaymentPlanTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string;
  stay_id: string;
  amount_cents: number;
  starts_on: string;
  note: string | null;
  end_reason: string | null;
  /** Written by the database when end_reason is set. */
  ended_at: Date | null;
  ended_by: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

/** One instalment of a payment plan (0026), append-only. */
export interface PaymentPlanInstalmentTable {
  org_id: string;
  plan_id: string;
  seq: number;
  due_on: string;
  amount_cents: number;
}

export type HouseFundDirection = "in" | "out";

export type HouseFundMethod = "cash" | "money_order" | "check" | "bank_transfer";

export type HouseFundCategory = "rent" | "utilities" | "supplies" | "other";

/** A peer-run house's weekly share, from a day (0028; append-only). */
export interface HouseShareRateTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  amount_cents: number;
  effective_from: string;
  /** Set by the database: the officer who proposed it (null: set by staff, in force directly). */
  proposed_by_resident_id: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

/** An officer's approval of a proposed share (0028; append-only): in force at two distinct officers. */
export interface HouseShareApprovalTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  rate_id: string;
  resident_id: string;
  office: HouseOfficeKind;
  approved_by: Generated<string | null>;
  approved_at: GeneratedTimestamp;
}

/** The house fund (0028; append-only): money in from a member, money out (an expense) once two officers approve. */
export interface HouseFundEntryTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  direction: HouseFundDirection;
  amount_cents: number;
  effective_on: string;
  resident_id: string | null;
  method: HouseFundMethod | null;
  payee: string | null;
  category: HouseFundCategory | null;
  memo: string | null;
  receipt_reference: string | null;
  idempotency_key: string | null;
  /** Written by the database: the officer who recorded it. */
  recorded_by_resident_id: Generated<string | null>;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

/** An officer's approval of an expense (0028; append-only; the trigger checks the officer and writes office and day). */
export interface HouseFundApprovalTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  entry_id: string;
  resident_id: string;
  office: HouseOfficeKind;
  approved_on: Generated<string>;
  approved_by: Generated<string | null>;
  approved_at: GeneratedTimestamp;
}

/** A month's reconciliation (0028; append-only): the sums are written by the database. */
export interface HouseFundAuditTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  month: string;
  opening_cents: Generated<number>;
  in_cents: Generated<number>;
  out_cents: Generated<number>;
  closing_cents: Generated<number>;
  counted_cents: number;
  note: string | null;
  prepared_by_resident_id: Generated<string>;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

/** An officer's typed-name signature of an audit (0028; append-only; complete at three). */
export interface HouseFundAuditSignatureTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  audit_id: string;
  resident_id: string;
  office: HouseOfficeKind;
  typed_name: string;
  ip: Generated<string | null>;
  signed_by: Generated<string | null>;
  signed_at: GeneratedTimestamp;
}

/** The operator's connected Stripe account (migration 0025, ADR 032). */
export interface OrgPaymentAccountTable {
  org_id: string;
  stripe_account_id: string;
  charges_enabled: Generated<boolean>;
  details_submitted: Generated<boolean>;
  updated_at: GeneratedTimestamp;
}

export interface PayLinkTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export type PaymentAttemptStatus = "started" | "succeeded" | "failed";

export interface PaymentAttemptTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string;
  stay_id: string;
  amount_cents: number;
  currency: string;
  payer: "resident" | "family";
  pay_link_id: string | null;
  status: Generated<PaymentAttemptStatus>;
  checkout_session_id: string | null;
  payment_intent_id: string | null;
  failure_code: string | null;
  dispute_id: string | null;
  disputed_at: Date | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StripeEventTable {
  org_id: string;
  event_id: string;
  type: string;
  stripe_created_at: Date;
  received_at: GeneratedTimestamp;
}

export interface StripeRefundTable {
  org_id: string;
  stripe_id: string;
  ledger_entry_id: string;
  created_at: GeneratedTimestamp;
}

/** A resident's acknowledgement of their fee agreement (0024, ADR 031): append-only. */
export interface FeeAgreementAckTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string;
  stay_id: string;
  /** The exact JSON text shown and hashed. */
  terms: string;
  content_hash: string;
  typed_name: string;
  ip: Generated<string | null>;
  signed_by: Generated<string | null>;
  signed_at: GeneratedTimestamp;
  /** 'e_signature' (the resident, in the app) or 'paper' (recorded by a house manager or admin). */
  method: Generated<"e_signature" | "paper">;
  /** A paper acknowledgement: the day the resident signed on paper. */
  paper_signed_on: ColumnType<string | null, string | null, never>;
  note: string | null;
}

/** An officer's withdrawal of a pending expense or share proposal (0038; append-only). */
export interface HouseFundWithdrawalTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  entry_id: string | null;
  rate_id: string | null;
  resident_id: string;
  office: HouseOfficeKind;
  reason: string;
  withdrawn_by: Generated<string | null>;
  withdrawn_at: GeneratedTimestamp;
}

/** A resident's sums per house (0031, ADR 038), kept by the ledger's trigger; read-only to the app. */
export interface ResidentBalanceTable {
  org_id: string;
  resident_id: string;
  house_id: string;
  balance_cents: Generated<number>;
  owed_cents: Generated<number>;
  paid_cents: Generated<number>;
  deposits_cents: Generated<number>;
  last_on: string | null;
  last_entry_id: string | null;
  updated_at: GeneratedTimestamp;
}

/** A house's public vacancy listing (0035, ADR 042): the operator's public fields, no resident data. */
export interface HouseListingTable {
  org_id: string;
  house_id: string;
  published: Generated<boolean>;
  description: string | null;
  fees_description: string | null;
  weekly_fee_cents: number | null;
  contact_phone: string | null;
  contact_email: string | null;
  show_street_address: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

// ── uploaded files, safety and compliance log (0037, ADR 044) ──────────────
export type FileContentType =
  | "application/pdf"
  | "image/png"
  | "image/jpeg"
  | "image/webp"
  | "image/heic"
  | "image/heif"
  | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
  | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
  | "application/vnd.oasis.opendocument.text";
export type SafetyCheckKind = "smoke_co" | "extinguisher" | "naloxone" | "evacuation_drill" | "other";
export type SafetyCheckResult = "ok" | "needs_attention" | "failed";
export type ComplianceDocumentKind = "insurance" | "business_registration" | "landlord_permission" | "occupancy_permit" | "other";
export type ComplianceReminderStage = "30_days" | "7_days" | "expired";

/** An uploaded file's record (its bytes are in storage under storage_key): append-only. */
export interface FileTable {
  id: Generated<string>;
  org_id: string;
  house_id: string | null;
  sha256: string;
  size_bytes: number;
  content_type: FileContentType;
  extension: string;
  original_name: string;
  storage_key: string;
  uploaded_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export type StandardStatus = "draft" | "published";
export type StandardHeadingKind = "domain" | "principle" | "section";
export type Applicability = "required" | "recommended" | "na";
export type AutoCheck =
  | "rules_signed"
  | "meetings_weekly"
  | "chores_verified"
  | "fee_agreement_before_charge"
  | "ledger_per_resident"
  | "recovery_plans"
  | "safety_checks_on_time"
  | "bed_space"
  | "bathrooms"
  | "referrals";
export type AssessmentStatus = "draft" | "submitted";
export type AssessmentAnswer = "met" | "partial" | "not_met" | "na";

export interface StandardTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  version: string;
  publisher: string;
  status: Generated<StandardStatus>;
  based_on_org_id: string | null;
  based_on_id: string | null;
  published_at: Date | null;
  created_at: GeneratedTimestamp;
}

export interface StandardHeadingTable {
  org_id: string;
  standard_id: string;
  kind: StandardHeadingKind;
  code: string;
  parent_code: string | null;
  title: string;
}

export interface StandardItemTable {
  id: Generated<string>;
  org_id: string;
  standard_id: string;
  code: string;
  position: number;
  text: string;
  guidance: string | null;
  evidence_hint: string | null;
  level_1: Applicability;
  level_2: Applicability;
  level_3: Applicability;
  level_4: Applicability;
  auto_check: AutoCheck | null;
}

export interface AssessmentTable {
  id: Generated<string>;
  org_id: string;
  house_id: string | null;
  standard_org_id: string;
  standard_id: string;
  standard_label: string;
  level: number;
  status: Generated<AssessmentStatus>;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  submitted_at: Date | null;
  submitted_by: string | null;
}

export interface AssessmentItemTable {
  id: Generated<string>;
  org_id: string;
  assessment_id: string;
  position: number;
  code: string;
  domain_code: string;
  domain_title: string;
  principle_code: string;
  principle_title: string;
  section_number: number;
  section_title: string;
  text: string;
  guidance: string | null;
  evidence_hint: string | null;
  requirement: Exclude<Applicability, "na">;
  auto_check: AutoCheck | null;
  answer: AssessmentAnswer | null;
  notes: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  /** The automatic evidence as the operator saw it at submission (ADR 049). */
  auto_ok: boolean | null;
  auto_text: string | null;
  auto_computed_on: string | null;
}

export interface AssessmentEvidenceTable {
  id: Generated<string>;
  org_id: string;
  assessment_id: string;
  item_id: string;
  file_id: string | null;
  link_path: string | null;
  label: string;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  shared_resident_id: string | null;
  shared_information: ConsentInformation | null;
}

export type AuditGrantScope = "review" | "certification";

export interface AuditGrantTable {
  id: Generated<string>;
  org_id: string;
  certifier_org_id: string;
  scope: Generated<AuditGrantScope>;
  /** The first and last day (dates in the operator's zone), as `YYYY-MM-DD`. */
  starts_on: string;
  ends_on: string | null;
  note: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface AuditGrantHouseTable {
  org_id: string;
  grant_id: string;
  house_id: string;
}

export type CertificationStatus =
  | "draft"
  | "submitted"
  | "in_review"
  | "interview"
  | "site_visit"
  | "corrective_action"
  | "certified"
  | "conditional"
  | "denied"
  | "appeal"
  | "expired"
  | "revoked";
export type CertificationDecision = "certified" | "conditional" | "denied" | "expired" | "revoked";
export type CertificationReminderStage = "90_days" | "30_days";

/** A house's certification by a certifying body, in the operator's org (0050, ADR 050). */
export interface CertificationTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  certifier_org_id: string;
  level: number;
  status: CertificationStatus;
  /** The latest decision's date and expiry (`YYYY-MM-DD`), kept while a renewal is reviewed. */
  decided_on: string | null;
  expires_on: string | null;
  /** Written by the database: the latest decision, and the first day it was certified. */
  decision: CertificationDecision | null;
  first_certified_on: string | null;
  /** The public verification link's token (random; printed on the certificate). */
  public_token: Generated<string>;
  /** The note of the latest change (the history keeps every one). */
  note: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** A certification's history: written by the database on every change (append-only). */
export interface CertificationEventTable {
  id: Generated<string>;
  org_id: string;
  certification_id: string;
  house_id: string;
  certifier_org_id: string;
  from_status: CertificationStatus | null;
  to_status: CertificationStatus;
  level: number;
  decided_on: string | null;
  expires_on: string | null;
  note: string | null;
  actor_user_id: string | null;
  actor_org_id: string | null;
  created_at: GeneratedTimestamp;
}

/** One renewal reminder queued per certification, stage and expiry (append-only). */
export interface CertificationReminderTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  certification_id: string;
  stage: CertificationReminderStage;
  expires_on: string;
  created_at: GeneratedTimestamp;
}

/** Review, inspections and findings (migration 0051, ADR 053). Rows live in the operator's org. */
export type AssessmentCommentKind = "comment" | "clarification" | "reply";
export type InspectionStatus = "scheduled" | "in_progress" | "completed" | "cancelled";
/** An inspection verdict uses the self-assessment's answers. */
export type Verdict = AssessmentAnswer;
export type FindingSeverity = "minor" | "major" | "critical";
export type FindingStatus = "open" | "responded" | "accepted" | "reopened";

/** A review thread's entry on one item of a submitted self-assessment (append-only; house, author and time by the database). */
export interface AssessmentCommentTable {
  id: Generated<string>;
  org_id: string;
  assessment_id: string;
  item_id: string;
  house_id: string | null;
  certifier_org_id: string;
  kind: AssessmentCommentKind;
  body: string;
  author_user_id: string | null;
  author_org_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface InspectionTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  certifier_org_id: string;
  assessment_id: string;
  scheduled_on: string;
  status: Generated<InspectionStatus>;
  inspector_user_id: string | null;
  note: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  started_at: Date | null;
  completed_at: Date | null;
}

/** One verdict per item and inspection; house, body, who and when by the database. */
export interface InspectionVerdictTable {
  id: Generated<string>;
  org_id: string;
  inspection_id: string;
  item_id: string;
  house_id: string | null;
  certifier_org_id: string | null;
  verdict: Verdict;
  note: string | null;
  recorded_by: Generated<string | null>;
  recorded_at: GeneratedTimestamp;
}

export interface InspectionPhotoTable {
  id: Generated<string>;
  org_id: string;
  inspection_id: string;
  item_id: string;
  house_id: string | null;
  certifier_org_id: string | null;
  file_id: string;
  caption: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export interface FindingTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  certifier_org_id: string;
  assessment_id: string;
  item_id: string;
  inspection_id: string | null;
  severity: Generated<FindingSeverity>;
  summary: string;
  /** `YYYY-MM-DD` in the house's zone; 30 days after it was raised unless the body chose another. */
  due_on: string;
  status: Generated<FindingStatus>;
  /** The operator's corrective action plan and its target date. */
  plan: string | null;
  plan_due_on: string | null;
  /** The note of the latest change (the history keeps every one). */
  note: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  closed_at: Date | null;
}

/** A finding's history: written by the database on every change (append-only). */
export interface FindingEventTable {
  id: Generated<string>;
  org_id: string;
  finding_id: string;
  house_id: string;
  certifier_org_id: string;
  from_status: FindingStatus | null;
  to_status: FindingStatus;
  severity: FindingSeverity;
  due_on: string;
  plan: string | null;
  plan_due_on: string | null;
  note: string | null;
  actor_user_id: string | null;
  actor_org_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface FindingEvidenceTable {
  id: Generated<string>;
  org_id: string;
  finding_id: string;
  house_id: string | null;
  certifier_org_id: string | null;
  file_id: string;
  label: string;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export interface SafetyCheckTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  kind: SafetyCheckKind;
  name: string;
  interval_days: number;
  first_due_on: string;
  archived_at: Date | null;
  created_at: GeneratedTimestamp;
}

export interface SafetyCheckLogTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  check_id: string;
  done_on: string;
  result: SafetyCheckResult;
  notes: string | null;
  expires_on: string | null;
  photo_file_id: string | null;
  logged_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

export interface ComplianceDocumentTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  kind: ComplianceDocumentKind;
  title: string;
  expires_on: string | null;
  file_id: string;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
  archived_at: Date | null;
}

export interface ComplianceReminderTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  document_id: string;
  stage: ComplianceReminderStage;
  created_at: GeneratedTimestamp;
}

export type ConsentInformation = "residence" | "participation" | "payments" | "plan" | "referrals" | "treatment";

/** A resident's written consent to disclose (0033, ADR 040). Elements never change; the trigger stamps the signature and revocation. */
export interface ConsentTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  resident_id: string;
  recipient_kind: "person" | "organisation" | "general";
  recipient_name: string;
  /** A machine-matchable reference: `named:<normalised name>`, `service:<uuid>`, … */
  recipient_ref: string;
  purpose: "verify_residence" | "court_or_probation" | "employment" | "treatment" | "referral" | "benefits" | "certification" | "family" | "other";
  purpose_detail: string | null;
  information: ConsentInformation[];
  /** A calendar date (YYYY-MM-DD) in the house's zone: active through that day. */
  expires_on: string | null;
  /** 'end_of_stay' (the one event; the check is an equality, so no list here). */
  expiry_event: string | null;
  prepared_by: string | null;
  prepared_at: GeneratedTimestamp;
  typed_name: string | null;
  signed_at: Date | null;
  signed_ip: string | null;
  signed_by: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** The disclosure log (0033): every attempt, granted or refused. Append-only. */
export interface DisclosureTable {
  id: Generated<string>;
  org_id: string;
  house_id: string;
  resident_id: string;
  consent_id: string | null;
  what: "release_letter" | "referral_summary" | "certifier_evidence" | "export";
  recipient_kind: "person" | "organisation" | "general";
  recipient_name: string;
  recipient_ref: string;
  purpose: ConsentTable["purpose"];
  information: ConsentInformation[];
  outcome: "granted" | "refused";
  refusal: "no_consent" | "recipient" | "purpose" | "information" | "expired" | "revoked" | "not_signed" | null;
  disclosed_by: Generated<string | null>;
  disclosed_at: GeneratedTimestamp;
  ip: Generated<string | null>;
}

// ── the services directory (0032, ADR 039: Open Referral HSDS 3.0) ──────────
export type ServiceCategoryCode =
  | "treatment" | "moud" | "mental_health" | "primary_care" | "mutual_aid" | "recovery_coach" | "employment"
  | "education" | "legal" | "benefits" | "food" | "childcare" | "transportation" | "housing";
export type ServiceLanguage = "en" | "es" | "zh" | "vi" | "ko" | "tl" | "ru" | "ar" | "fr" | "ht" | "pt" | "pl" | "ase";
export type ServiceStatus = "active" | "inactive";
export type ServicePhoneType = "voice" | "text" | "fax" | "cell" | "textphone" | "hotline";

/** HSDS organization: who runs a service. */
export interface ServiceOrganizationTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  description: string | null;
  website: string | null;
  email: string | null;
  created_at: GeneratedTimestamp;
}

/** HSDS service: one directory entry. `assured_date` is its "last verified" day. */
export interface ServiceTable {
  id: Generated<string>;
  org_id: string;
  organization_id: string;
  name: string;
  description: Generated<string>;
  url: string | null;
  email: string | null;
  status: Generated<ServiceStatus>;
  categories: ServiceCategoryCode[];
  languages: Generated<ServiceLanguage[]>;
  eligibility_description: string | null;
  fees_description: string | null;
  application_process: string | null;
  assured_date: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** Weighted search vector (name A, categories B, description C): generated by the database. */
  search: ColumnType<string | null, never, never>;
}

/** HSDS location with its physical address and accessibility description. */
export interface ServiceLocationTable {
  id: Generated<string>;
  org_id: string;
  organization_id: string | null;
  name: string | null;
  address_1: string | null;
  city: string | null;
  state_province: string | null;
  postal_code: string | null;
  country: Generated<string>;
  accessibility: string | null;
}

export interface ServiceAtLocationTable {
  id: Generated<string>;
  org_id: string;
  service_id: string;
  location_id: string;
}

export interface ServicePhoneTable {
  id: Generated<string>;
  org_id: string;
  service_id: string;
  number: string;
  type: Generated<ServicePhoneType>;
  description: string | null;
}

export interface ServiceContactTable {
  id: Generated<string>;
  org_id: string;
  service_id: string;
  name: string | null;
  title: string | null;
  email: string | null;
}

/** HSDS schedule, weekly: local opening hours on an ISO weekday (1 = Monday) in the org's zone. */
export interface ServiceScheduleTable {
  id: Generated<string>;
  org_id: string;
  service_id: string;
  weekday: number;
  opens_at: string;
  closes_at: string;
}

// ── recovery plans, needs screenings, recovery-capital check-ins (0034, ADR 041) ──
export type PlanDimension = "health" | "home" | "purpose" | "community";
export type PlanGoalStatus = "proposed" | "active" | "achieved" | "set_aside";
export type PlanEventKind =
  | "goal_added"
  | "goal_proposed"
  | "goal_accepted"
  | "goal_status"
  | "goal_edited"
  | "step_added"
  | "step_done"
  | "step_reopened"
  | "comment"
  | "step_proposed"
  | "step_accepted"
  | "step_declined"
  | "step_edited";
/** A step's place on the plan (0048): a resident's suggestion, on the plan, or not added for now. */
export type PlanStepStatus = "proposed" | "active" | "declined";
export type NeedCode = "food" | "housing_cost" | "utilities" | "transport" | "school" | "job_training" | "insurance" | "doctor" | "safety" | "support" | "childcare" | "legal";
/** A goal of a resident's recovery plan (0034): a resident's own is a proposal until staff accept it. */
export interface PlanGoalTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  dimension: PlanDimension;
  title: string;
  target_on: string | null;
  status: Generated<PlanGoalStatus>;
  proposed_by_resident: Generated<boolean>;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}
/** A step towards a goal (0034); the resident marks their own done and proposes new ones (0048). */
export interface PlanStepTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  goal_id: string;
  body: string;
  target_on: string | null;
  done_on: string | null;
  created_at: GeneratedTimestamp;
  status: Generated<PlanStepStatus>;
  proposed_by_resident: Generated<boolean>;
}
/** A plan's history (0034; append-only): what happened to goals and steps, and comments. */
export interface PlanEventTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  goal_id: string | null;
  kind: PlanEventKind;
  status: PlanGoalStatus | null;
  body: string | null;
  actor_role: Generated<string | null>;
  actor_id: Generated<string | null>;
  created_at: GeneratedTimestamp;
}
/** A needs screening on the social determinants of health (0034; append-only). */
export interface NeedsScreeningTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  answered_on: string;
  needs: NeedCode[];
  declined: NeedCode[];
  answered_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}
// ── referrals, warm handoffs and follow-ups (0039, ADR 046) ──
export type ReferralStatus = "draft" | "consent_needed" | "sent" | "accepted" | "appointment_set" | "attended" | "closed";
export type ReferralOutcome = "engaged" | "did_not_attend" | "declined" | "not_eligible" | "completed";
export type ReferralUrgency = "routine" | "soon" | "urgent";
export type HandoffMethod = "call_together" | "in_person" | "accompanied";
export type ReferralEventKind = "status" | "handoff" | "followup_added" | "followup_done" | "summary_printed";
/** A resident referred to a directory service (0039); the trigger allows only the flow's steps. */
export interface ReferralTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  service_id: string;
  goal_id: string | null;
  reason: string;
  urgency: Generated<ReferralUrgency>;
  status: Generated<ReferralStatus>;
  outcome: ReferralOutcome | null;
  appointment_at: Date | null;
  appointment_place: string | null;
  status_at: GeneratedTimestamp;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}
/** A referral's history (0039; append-only): each status step with its time, handoffs, follow-ups. */
export interface ReferralEventTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  referral_id: string;
  kind: ReferralEventKind;
  status: ReferralStatus | null;
  outcome: ReferralOutcome | null;
  disclosure_id: string | null;
  actor_id: Generated<string | null>;
  created_at: GeneratedTimestamp;
}
/** A warm handoff (0039; append-only). */
export interface ReferralHandoffTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  referral_id: string;
  introduced_by: string;
  method: HandoffMethod;
  contact_name: string;
  contact_phone: string | null;
  happened_on: string;
  note: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}
/** A referral's follow-up task (0039); done once (the trigger stamps when and by whom). */
export interface ReferralFollowupTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  referral_id: string;
  due_on: string;
  task: string;
  done_at: Date | null;
  done_by: string | null;
  note: string | null;
  created_by: Generated<string | null>;
  created_at: GeneratedTimestamp;
}

/** A recovery-capital check-in (0034; append-only): ten answers 1–6; the trigger writes the house and day. */
export interface CheckinTable {
  id: Generated<string>;
  org_id: string;
  resident_id: string;
  house_id: string | null;
  taken_on: string | null;
  scores: number[];
  /** The staff member who entered answers given on paper (0042; the trigger writes it); null for the resident's own. */
  entered_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface DB {
  org: OrgTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  password_reset_token: PasswordResetTokenTable;
  rate_limit: RateLimitTable;
  auth_proof: AuthProofTable;
  recovery_code: RecoveryCodeTable;
  signup_request: SignupRequestTable;
  outbox: OutboxTable;
  membership: MembershipTable;
  invite: InviteTable;
  audit_event: AuditEventTable;
  audit_seal: AuditSealTable;
  house: HouseTable;
  membership_house: MembershipHouseTable;
  room: RoomTable;
  bed: BedTable;
  resident: ResidentTable;
  resident_note: ResidentNoteTable;
  application: ApplicationTable;
  stay: StayTable;
  screening_note: ScreeningNoteTable;
  resident_intake: ResidentIntakeTable;
  moud_status: MoudStatusTable;
  invite_house: InviteHouseTable;
  house_office: HouseOfficeTable;
  chore: ChoreTable;
  chore_assignment: ChoreAssignmentTable;
  chore_swap: ChoreSwapTable;
  document_version: DocumentVersionTable;
  document_signature: DocumentSignatureTable;
  session_kind: SessionKindTable;
  session_series: SessionSeriesTable;
  session_invitee: SessionInviteeTable;
  session_exception: SessionExceptionTable;
  session_attendance: SessionAttendanceTable;
  meeting_log: MeetingLogTable;
  meeting_target: MeetingTargetTable;
  tenant_key: TenantKeyTable;
  calendar_feed: CalendarFeedTable;
  fee_schedule: FeeScheduleTable;
  receipt_counter: ReceiptCounterTable;
  ledger_entry: LedgerEntryTable;
  fee_reminder_setting: FeeReminderSettingTable;
  fee_reminder: FeeReminderTable;
  payment_plan: PaymentPlanTable;
  payment_plan_instalment: PaymentPlanInstalmentTable;
  house_share_rate: HouseShareRateTable;
  house_share_approval: HouseShareApprovalTable;
  house_fund_entry: HouseFundEntryTable;
  house_fund_approval: HouseFundApprovalTable;
  house_fund_audit: HouseFundAuditTable;
  house_fund_audit_signature: HouseFundAuditSignatureTable;
  house_fund_withdrawal: HouseFundWithdrawalTable;
  org_payment_account: OrgPaymentAccountTable;
  pay_link: PayLinkTable;
  payment_attempt: PaymentAttemptTable;
  stripe_event: StripeEventTable;
  stripe_refund: StripeRefundTable;
  fee_agreement_ack: FeeAgreementAckTable;
  resident_balance: ResidentBalanceTable;
  house_listing: HouseListingTable;
  file: FileTable;
  safety_check: SafetyCheckTable;
  standard: StandardTable;
  standard_heading: StandardHeadingTable;
  standard_item: StandardItemTable;
  assessment: AssessmentTable;
  assessment_item: AssessmentItemTable;
  assessment_evidence: AssessmentEvidenceTable;
  audit_grant: AuditGrantTable;
  audit_grant_house: AuditGrantHouseTable;
  certification: CertificationTable;
  certification_event: CertificationEventTable;
  certification_reminder: CertificationReminderTable;
  assessment_comment: AssessmentCommentTable;
  inspection: InspectionTable;
  inspection_verdict: InspectionVerdictTable;
  inspection_photo: InspectionPhotoTable;
  finding: FindingTable;
  finding_event: FindingEventTable;
  finding_evidence: FindingEvidenceTable;
  safety_check_log: SafetyCheckLogTable;
  compliance_document: ComplianceDocumentTable;
  compliance_reminder: ComplianceReminderTable;
  consent: ConsentTable;
  disclosure: DisclosureTable;
  service_organization: ServiceOrganizationTable;
  service: ServiceTable;
  service_location: ServiceLocationTable;
  service_at_location: ServiceAtLocationTable;
  service_phone: ServicePhoneTable;
  service_contact: ServiceContactTable;
  service_schedule: ServiceScheduleTable;
  plan_goal: PlanGoalTable;
  plan_step: PlanStepTable;
  plan_event: PlanEventTable;
  needs_screening: NeedsScreeningTable;
  checkin: CheckinTable;
  referral: ReferralTable;
  referral_event: ReferralEventTable;
  referral_handoff: ReferralHandoffTable;
  referral_followup: ReferralFollowupTable;
}

export type Org = Selectable<OrgTable>;
