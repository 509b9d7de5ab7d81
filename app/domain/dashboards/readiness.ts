/**
 * Readiness against a standard, from a self-assessment's answers (ADR 058). Zod-free and
 * pure: the dashboards' loaders and their tests share it, and the page explains the same rule.
 *
 *  - Applicable items: every item of the assessment except those answered "does not apply".
 *    An unanswered item is applicable and not yet met.
 *  - Met: answered "met". "Partly met" counts as not yet met.
 *  - Weights: a required item counts twice as much as a recommended one (REQUIRED_WEIGHT), so a
 *    house that meets every recommended item but few required ones does not look ready.
 *  - The percentage is rounded down: 100% only when every applicable item is met.
 */
export const REQUIRED_WEIGHT = 2;
export const RECOMMENDED_WEIGHT = 1;

/** Counts per domain (or for a whole assessment), as the dashboard query returns them. */
export type ReadinessCounts = {
  /** Items in the assessment (any answer). */
  items: number;
  /** Items answered at all. */
  answered: number;
  /** Items not answered "does not apply". */
  applicable: number;
  /** Items answered "met". */
  met: number;
  /** Required items not answered "does not apply". */
  requiredApplicable: number;
  /** Required items answered "met". */
  requiredMet: number;
};

export type Readiness = ReadinessCounts & { points: number; metPoints: number; percent: number };

export function readiness(c: ReadinessCounts): Readiness {
  const points = REQUIRED_WEIGHT * c.requiredApplicable + RECOMMENDED_WEIGHT * (c.applicable - c.requiredApplicable);
  const metPoints = REQUIRED_WEIGHT * c.requiredMet + RECOMMENDED_WEIGHT * (c.met - c.requiredMet);
  return { ...c, points, metPoints, percent: points > 0 ? Math.floor((metPoints * 100) / points) : 0 };
}

/** The sum of several domains' counts (a house's whole assessment). */
export function sumCounts(parts: readonly ReadinessCounts[]): ReadinessCounts {
  const total: ReadinessCounts = { items: 0, answered: 0, applicable: 0, met: 0, requiredApplicable: 0, requiredMet: 0 };
  for (const p of parts) for (const k of Object.keys(total) as (keyof ReadinessCounts)[]) total[k] += p[k];
  return total;
}

/** The rule in words, shown on the page. */
export const READINESS_RULE =
  "Readiness counts the items of each house's latest self-assessment that are met, out of the items that apply. " +
  "Required items count twice as much as recommended ones; items marked “does not apply” are left out; " +
  "unanswered and partly met items count as not yet met.";

/** Windows the dashboards look ahead (days, in each house's zone). */
export const DOCUMENT_WINDOW_DAYS = 60;
export const CERTIFICATION_WINDOW_DAYS = 90;
