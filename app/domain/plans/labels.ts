import type { NeedCode, PlanDimension, PlanGoalStatus, PlanStepStatus } from "#app/db/schema";
import type { ServiceCategory } from "#app/domain/services/categories";

/**
 * Words and value lists of recovery plans, needs screenings and check-ins (ADR 041), with no
 * zod: pages held to the first-load budget import these. Wording is respectful and
 * non-punitive: a goal that is no longer pursued is "set aside", never "failed".
 */

/** SAMHSA's four dimensions of recovery. */
export const PLAN_DIMENSIONS = ["health", "home", "purpose", "community"] as const satisfies readonly PlanDimension[];
export const DIMENSION_LABELS: Record<PlanDimension, string> = {
  health: "Health",
  home: "Home",
  purpose: "Purpose",
  community: "Community",
};
export const DIMENSION_HINTS: Record<PlanDimension, string> = {
  health: "Physical and emotional well-being, recovery support, care.",
  home: "A stable, safe place to live.",
  purpose: "Work, school, volunteering, caring for family, creative pursuits.",
  community: "Relationships, support, belonging.",
};

export const GOAL_STATUSES = ["proposed", "active", "achieved", "set_aside"] as const satisfies readonly PlanGoalStatus[];
export const GOAL_STATUS_LABELS: Record<PlanGoalStatus, string> = {
  proposed: "Proposed",
  active: "Working on it",
  achieved: "Achieved",
  set_aside: "Set aside for now",
};

/** A step's place on the plan (0048, ADR 052): the resident's suggestion, on the plan, or not added for now. */
export const STEP_STATUS_LABELS: Record<PlanStepStatus, string> = {
  proposed: "Proposed, waiting for a talk with the house team",
  active: "On the plan",
  declined: "Talked through, not added for now",
};

/**
 * The needs screening: one question per need, grouped by the Healthy People 2030 social
 * determinants of health, each pointing to the directory categories that may help.
 */
export const SDOH_DOMAINS = ["economic", "education", "health_care", "neighbourhood", "social"] as const;
export type SdohDomain = (typeof SDOH_DOMAINS)[number];
export const SDOH_LABELS: Record<SdohDomain, string> = {
  economic: "Economic stability",
  education: "Education access and quality",
  health_care: "Health care access and quality",
  neighbourhood: "Neighbourhood and built environment",
  social: "Social and community context",
};

export type NeedQuestion = { code: NeedCode; domain: SdohDomain; question: string; categories: ServiceCategory[] };
export const NEED_QUESTIONS: readonly NeedQuestion[] = [
  { code: "food", domain: "economic", question: "In the last month, was there a time you worried about having enough to eat?", categories: ["food", "benefits"] },
  { code: "housing_cost", domain: "economic", question: "Would help planning where to live after this house be useful?", categories: ["housing", "benefits"] },
  { code: "utilities", domain: "economic", question: "Is paying for a phone, bills or other basics hard right now?", categories: ["benefits"] },
  { code: "job_training", domain: "economic", question: "Would you like help finding work or job training?", categories: ["employment"] },
  { code: "school", domain: "education", question: "Would you like to finish a diploma, take classes or improve reading or computer skills?", categories: ["education"] },
  { code: "insurance", domain: "health_care", question: "Do you need help getting or keeping health insurance?", categories: ["benefits", "primary_care"] },
  { code: "doctor", domain: "health_care", question: "Is there care you need but don't have: a doctor, a dentist, counselling or medication?", categories: ["primary_care", "mental_health", "moud", "treatment"] },
  { code: "transport", domain: "neighbourhood", question: "Does getting to work, appointments or meetings take more than you can manage?", categories: ["transportation"] },
  { code: "safety", domain: "neighbourhood", question: "Is there a place or person that makes it hard for you to feel safe?", categories: ["legal", "mental_health"] },
  { code: "support", domain: "social", question: "Would you like more people around you who support your recovery?", categories: ["mutual_aid", "recovery_coach"] },
  { code: "childcare", domain: "social", question: "Do you need help caring for children or reconnecting with them?", categories: ["childcare", "legal"] },
  { code: "legal", domain: "social", question: "Is a court date, fine, record or other legal matter weighing on you?", categories: ["legal"] },
];
export const NEED_CODES = NEED_QUESTIONS.map((q) => q.code) as [NeedCode, ...NeedCode[]];
export const NEED_ANSWERS = ["yes", "no", "skip"] as const;
export type NeedAnswer = (typeof NEED_ANSWERS)[number];
export const NEED_ANSWER_LABELS: Record<NeedAnswer, string> = { yes: "Yes", no: "No", skip: "Prefer not to say" };

/** The directory categories a screening's "yes" answers point to, in the directory's order. */
export function suggestedCategories(needs: readonly NeedCode[]): ServiceCategory[] {
  const wanted = new Set(NEED_QUESTIONS.filter((q) => needs.includes(q.code)).flatMap((q) => q.categories));
  return [...wanted];
}

/** The recovery-capital check-in: ten statements, each on one dimension, answered 1–6. */
export const CHECKIN_STATEMENTS: readonly { dimension: PlanDimension; text: string }[] = [
  { dimension: "health", text: "I am taking care of my body: sleeping, eating and moving well enough." },
  { dimension: "health", text: "I can handle strong feelings and cravings without giving up on my recovery." },
  { dimension: "health", text: "I can get the health care or recovery support I need." },
  { dimension: "home", text: "Where I live feels safe and supports my recovery." },
  { dimension: "home", text: "I have a realistic plan for where I will live next." },
  { dimension: "purpose", text: "Most days I do something that feels worthwhile to me." },
  { dimension: "purpose", text: "I am making progress with work, school or training." },
  { dimension: "purpose", text: "I can cover my basic costs or I know how I will." },
  { dimension: "community", text: "I have people I can call when things get hard." },
  { dimension: "community", text: "I feel I belong to a community that respects my recovery." },
];
export const SCALE = [1, 2, 3, 4, 5, 6] as const;
export const SCALE_LABELS: Record<number, string> = {
  1: "Strongly disagree",
  2: "Disagree",
  3: "Somewhat disagree",
  4: "Somewhat agree",
  5: "Agree",
  6: "Strongly agree",
};
/** The statements' positions (0-based) on each dimension. */
export const DIMENSION_ITEMS: Record<PlanDimension, number[]> = Object.fromEntries(
  PLAN_DIMENSIONS.map((d) => [d, CHECKIN_STATEMENTS.flatMap((s, i) => (s.dimension === d ? [i] : []))]),
) as Record<PlanDimension, number[]>;

/** Fewer residents than this in a month and the house summary shows no figures for it. */
export const SUMMARY_MINIMUM = 3;
