import type { z } from "zod";
import { LISTED_FOR } from "#app/ui/date-lookup";
import { withoutKeys } from "#app/ui/form-errors";
import { parseForm } from "#app/ui/parse-form";

/** Fields a form carries besides its schema's: the intent, the confirmation step (or the quick undo), the listed dates. */
const CONTROL_FIELDS = ["intent", "confirmed", "quick", LISTED_FOR, "lookup"];
const MESSAGES = { toBedId: "Choose a bed.", date: "Choose a date.", reason: "Choose a discharge reason." };

/** The discharge form's per-deposit choices (`deposit_settle_<id>`, `deposit_method_<id>`, `deposit_reason_<id>`), checked apart. */
const DEPOSIT_FIELD = /^deposit_(settle|method|reason)_(.+)$/;
const withoutDeposits = (formData: FormData) => {
  const out = new FormData();
  for (const [k, v] of formData) if (!DEPOSIT_FIELD.test(k)) out.append(k, v);
  return out;
};

/** The stay forms are checked with the domain's own strict schemas, in the action only (ADR 029: the page ships no zod). */
export const parseStayForm = <S extends z.ZodType>(formData: FormData, schema: S) => parseForm(withoutKeys(withoutDeposits(formData), CONTROL_FIELDS), schema, MESSAGES);

/** What the manager chose for each held deposit on the discharge form (checked by the domain's DepositChoice). */
export function depositChoicesOf(formData: FormData) {
  const by = new Map<string, { depositId: string; settle?: string; method?: string | null; reason?: string | null }>();
  for (const [k, v] of formData) {
    const m = DEPOSIT_FIELD.exec(k);
    if (!m || typeof v !== "string") continue;
    const c = by.get(m[2]!) ?? { depositId: m[2]! };
    if (m[1] === "settle") c.settle = v;
    else if (m[1] === "method") c.method = v || null;
    else c.reason = v.trim() || null;
    by.set(m[2]!, c);
  }
  return [...by.values()];
}
