/**
 * The services directory's taxonomy (issue 12): the kinds of help a recovery residence links
 * residents out to. Stored as `code` in the database (HSDS taxonomy_term.code, vocabulary
 * "hearth-service-category"); labels are what people read. Shared by the directory, the needs
 * screening (answers suggest categories) and referrals. Add codes at the end; never rename one.
 */
export const SERVICE_CATEGORIES = [
  { code: "treatment", label: "Substance-use treatment" },
  { code: "moud", label: "Medication for opioid use disorder" },
  { code: "mental_health", label: "Mental health care" },
  { code: "primary_care", label: "Physical health care" },
  { code: "mutual_aid", label: "Mutual aid meetings" },
  { code: "recovery_coach", label: "Recovery coaching" },
  { code: "employment", label: "Employment and job training" },
  { code: "education", label: "Education" },
  { code: "legal", label: "Legal aid" },
  { code: "benefits", label: "Benefits" },
  { code: "food", label: "Food" },
  { code: "childcare", label: "Childcare" },
  { code: "transportation", label: "Transportation" },
  { code: "housing", label: "Longer-term housing" },
] as const;

export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number]["code"];

export const SERVICE_CATEGORY_CODES = SERVICE_CATEGORIES.map((c) => c.code) as [ServiceCategory, ...ServiceCategory[]];

export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, string> = Object.fromEntries(
  SERVICE_CATEGORIES.map((c) => [c.code, c.label]),
) as Record<ServiceCategory, string>;

export function isServiceCategory(value: string): value is ServiceCategory {
  return value in SERVICE_CATEGORY_LABELS;
}
