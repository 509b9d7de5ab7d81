/**
 * The one vocabulary for where a stay stands on a given day (its house's today), and
 * for where a resident stands (from their stays). SQL computes it with `stayStatus()`
 * (stay-status.server.ts); pages show the words below and no others.
 *
 * planned = the move-in is later; current = in the bed today (including a stay whose
 * discharge or transfer is scheduled for a later date); ended = the move-out has passed.
 */
export const STAY_STATUSES = ["planned", "current", "ended"] as const;
export type StayStatus = (typeof STAY_STATUSES)[number];

/** A resident's status: their current stay's, else the next planned one's, else ended; none = never admitted. */
export const RESIDENT_STATUSES = ["current", "planned", "ended", "none"] as const;
export type ResidentStatus = StayStatus | "none";

export const RESIDENT_STATUS_LABELS: Record<ResidentStatus, string> = {
  current: "Current",
  planned: "Moving in",
  ended: "Former",
  none: "Not admitted",
};

type StayForWords = {
  status: StayStatus;
  moveOut: string | null;
  endType: "discharge" | "transfer" | null;
  transferredFromStayId?: string | null;
  /** The discharge reason's words, when there is one. */
  dischargeReasonLabel?: string | null;
};

/**
 * The stay page's status line: the status and how the stay ends, so a page never says
 * "Current" beside "ended" (a stay ending by transfer or discharge on a later date is
 * current until then, and says so). `day` formats the move-out date.
 */
export function stayStatusLine(stay: StayForWords, day: (date: string) => string): string {
  const on = stay.moveOut ? day(stay.moveOut) : "";
  if (stay.status === "planned") return stay.transferredFromStayId ? "Planned move from another bed" : "Planned move-in";
  if (stay.status === "current") {
    if (stay.endType === "discharge") return `Current — discharge scheduled for ${on}`;
    if (stay.endType === "transfer") return `Current — moves to another bed on ${on}`;
    return "Current";
  }
  if (stay.endType === "discharge") return `Ended — discharged on ${on}`;
  if (stay.endType === "transfer") return `Ended — moved to another bed on ${on}`;
  return `Ended on ${on}`;
}

/** A stay in a resident's history, in a few words. */
export function stayHistoryWords(stay: StayForWords): string {
  if (stay.status === "planned") return "Planned move-in";
  if (stay.status === "current") return stay.moveOut ? "Living here (move-out planned)" : "Living here";
  if (stay.endType === "transfer") return "Moved to another bed";
  return stay.dischargeReasonLabel ? `Discharged: ${stay.dischargeReasonLabel}` : "Moved out";
}
