import { STATE_LABELS, type ChoreState } from "#app/domain/chores/labels";
import { Badge } from "./occupancy";

/** A chore assignment's state as a badge (to do, done, verified, sent back, missed): staff and residents' pages share it. */
const TONES: Record<ChoreState, "ok" | "warn" | "danger" | "muted"> = {
  assigned: "muted",
  done: "warn",
  verified: "ok",
  sent_back: "warn",
  missed: "danger",
};

/** A state's words and tone, for pages that draw the badge from loader data (no schema module in their bundle). */
export const choreStateBadge = (state: ChoreState) => ({ label: STATE_LABELS[state], tone: TONES[state] });

export function ChoreStateBadge({ state }: { state: ChoreState }) {
  return <Badge tone={TONES[state]}>{STATE_LABELS[state]}</Badge>;
}
