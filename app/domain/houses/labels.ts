import type { BedStatus } from "#app/db/schema";

/** Bed statuses and their labels (no zod here: pages import it in the browser). */
export const BED_STATUSES = ["available", "held", "out_of_service"] as const satisfies readonly BedStatus[];
export const BED_STATUS_LABELS: Record<BedStatus, string> = {
  available: "Available",
  held: "Held",
  out_of_service: "Out of service",
};
