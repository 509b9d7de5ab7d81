import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0003 from "./0003_houses";
import * as m0004 from "./0004_resident_invite";
import * as m0006 from "./0006_hardening";
import * as m0007 from "./0007_auth_hardening";
import * as m0009 from "./0009_user_phone";
import * as m0010 from "./0010_tenant_keys";
import * as m0011 from "./0011_platform_wall";
import * as m0012 from "./0012_intake";
import * as m0014 from "./0014_ops";
import * as m0015 from "./0015_house_documents";
import * as m0016 from "./0016_chores";
import * as m0017 from "./0017_sessions";
import * as m0018 from "./0018_outbox_reset_purpose";
import * as m0019 from "./0019_calendar_feeds";
import * as m0021 from "./0021_signed_tenant";
import * as m0023 from "./0023_fees";
import * as m0024 from "./0024_fee_agreements";
import * as m0025 from "./0025_stripe";
import * as m0026 from "./0026_payment_plans";
import * as m0027 from "./0027_fee_reminders";
import * as m0028 from "./0028_house_fund";
import * as m0029 from "./0029_speed";
import * as m0030 from "./0030_fees_finish";
import * as m0031 from "./0031_balance_snapshot";
import * as m0032 from "./0032_services_directory";
import * as m0033 from "./0033_consent";
import * as m0034 from "./0034_recovery_plans";
import * as m0035 from "./0035_vacancy_feed";
import * as m0037 from "./0037_safety_log";
import * as m0038 from "./0038_house_fund_withdraw";
import * as m0039 from "./0039_referrals";
import * as m0040 from "./0040_standards";
import * as m0041 from "./0041_house_bathrooms";
import * as m0042 from "./0042_checkin_summary";
import * as m0045 from "./0045_consent_follows_resident";
import * as m0046 from "./0046_audit_grants";
import * as m0047 from "./0047_search_index";
import * as m0048 from "./0048_plan_step_proposals";
import * as m0049 from "./0049_certifier_reads";
import * as m0050 from "./0050_certification";
import * as m0051 from "./0051_review_inspections_findings";
import * as m0052 from "./0052_consented_evidence";
import * as m0053 from "./0053_review_notifications";
import * as m0055 from "./0055_finding_notices";
import * as m0058 from "./0058_reminder_recipients";
import * as m0059 from "./0059_certifier_progress";
import * as m0061 from "./0061_standard_headings";
import * as m0062 from "./0062_referrals_evidence";
import * as m0063 from "./0063_certifier_covered_sets";
import * as m0064 from "./0064_certifier_policies_indexable";
import * as m0065 from "./0065_certifier_pipeline_batch";
import * as m0066 from "./0066_tenant_helper_cache";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0003_houses": m0003,
  "0004_resident_invite": m0004,
  "0006_hardening": m0006,
  "0007_auth_hardening": m0007,
  "0009_user_phone": m0009,
  "0010_tenant_keys": m0010,
  "0011_platform_wall": m0011,
  "0012_intake": m0012,
  "0014_ops": m0014,
  "0015_house_documents": m0015,
  "0016_chores": m0016,
  "0017_sessions": m0017,
  "0018_outbox_reset_purpose": m0018,
  "0019_calendar_feeds": m0019,
  "0021_signed_tenant": m0021,
  "0023_fees": m0023,
  "0024_fee_agreements": m0024,
  "0025_stripe": m0025,
  "0026_payment_plans": m0026,
  "0027_fee_reminders": m0027,
  "0028_house_fund": m0028,
  "0029_speed": m0029,
  "0030_fees_finish": m0030,
  "0031_balance_snapshot": m0031,
  "0032_services_directory": m0032,
  "0033_consent": m0033,
  "0034_recovery_plans": m0034,
  "0035_vacancy_feed": m0035,
  "0037_safety_log": m0037,
  "0038_house_fund_withdraw": m0038,
  "0039_referrals": m0039,
  "0040_standards": m0040,
  "0041_house_bathrooms": m0041,
  "0042_checkin_summary": m0042,
  "0045_consent_follows_resident": m0045,
  "0046_audit_grants": m0046,
  "0047_search_index": m0047,
  "0048_plan_step_proposals": m0048,
  "0049_certifier_reads": m0049,
  "0050_certification": m0050,
  "0051_review_inspections_findings": m0051,
  "0052_consented_evidence": m0052,
  "0053_review_notifications": m0053,
  "0055_finding_notices": m0055,
  "0058_reminder_recipients": m0058,
  "0059_certifier_progress": m0059,
  "0061_standard_headings": m0061,
  "0062_referrals_evidence": m0062,
  "0063_certifier_covered_sets": m0063,
  "0064_certifier_policies_indexable": m0064,
  "0065_certifier_pipeline_batch": m0065,
  "0066_tenant_helper_cache": m0066,
};
