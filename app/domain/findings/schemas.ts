import { z } from "zod";
import { id, optionalText, text } from "#app/lib/fields";
import { isoDate, optionalIsoDate } from "#app/lib/dates";
import { FINDING_FILTERS, FINDING_SEVERITIES } from "./labels";

export * from "./labels";

const severity = z.enum(FINDING_SEVERITIES, "Choose minor, major or critical.");

/** A certifying body raises a finding on an item of a submitted self-assessment (due: empty = 30 days after the house's today). */
export const RaiseFindingInput = z.strictObject({
  itemId: id,
  severity,
  summary: text(2000),
  dueOn: optionalIsoDate,
});
export type RaiseFindingInput = z.input<typeof RaiseFindingInput>;

/** The body changes a finding not yet accepted: severity, summary, due date, with an optional note for the history. */
export const EditFindingInput = z.strictObject({
  severity,
  summary: text(2000),
  dueOn: isoDate,
  note: optionalText(2000),
});

/** The body accepts a responded finding or reopens it (the note says why; required to reopen). */
export const DecideFindingInput = z.strictObject({
  decision: z.enum(["accept", "reopen"], "Choose to accept or reopen."),
  note: optionalText(2000),
});

/** The operator's corrective action plan and the day it will be done. */
export const AnswerFindingInput = z.strictObject({
  plan: text(4000),
  planDueOn: isoDate,
});

/** A file attached to the operator's answer: what it is (the bytes come with the form). */
export const EvidenceLabelInput = z.strictObject({ label: text(200) });

/** A list's filter in the address. */
export const FindingFilterInput = z.enum(FINDING_FILTERS, "Choose open, overdue, accepted or all.").default("open");
