import { z } from "zod";
import type { EditorItem } from "#app/domain/standards/editor.server";
import { ItemAddInput, ItemEditInput, versionField } from "#app/domain/standards/schemas";
import { APPLICABILITY, APPLICABILITY_LABELS, AUTO_CHECKS } from "#app/domain/standards/labels";
import { id, optionalText } from "#app/lib/fields";
import { formConstraint } from "#app/ui/constraint";

/**
 * The standards library's forms (ADR 059), checked in the action only (the pages ship no
 * zod): the item form shared by the draft page (add) and the item page (edit), its option
 * lists, and the clone forms.
 */
export const addItemSchema = ItemAddInput.extend({ intent: z.literal("add-item") });
export const editItemSchema = ItemEditInput.extend({ intent: z.literal("save-item") });
export const deleteItemSchema = z.strictObject({ intent: z.literal("delete-item"), confirmed: z.literal("yes").optional() });
export const ITEM_FIELDS = ["code", "text", "guidance", "evidenceHint", "level1", "level2", "level3", "level4", "autoCheck"];

/** Clone any readable standard (library page): the source as `orgId:standardId`. */
export const cloneSchema = z.strictObject({
  intent: z.literal("clone"),
  source: z.string().max(73, "Choose a standard to copy.").regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/, "Choose a standard to copy."),
  name: optionalText(120),
  version: versionField,
  publisher: optionalText(120),
});
/** A new version of the standard on the page: the name stays. */
export const newVersionSchema = z.strictObject({
  intent: z.literal("new-version"),
  standardOrgId: id,
  version: versionField,
});

const AUTO_CHECK_LABELS: Record<(typeof AUTO_CHECKS)[number], string> = {
  rules_signed: "House rules signed",
  meetings_weekly: "House meetings every week",
  chores_verified: "Chores checked",
  fee_agreement_before_charge: "Fee agreement before the first charge",
  ledger_per_resident: "A ledger per resident",
  recovery_plans: "Recovery plans",
  safety_checks_on_time: "Safety checks on time",
  bed_space: "Space per bed",
  bathrooms: "Bathrooms per resident",
  referrals: "Referrals to community services",
};

export type ItemFormData = {
  constraint: ReturnType<typeof formConstraint>;
  levels: { value: string; label: string }[];
  autoChecks: { value: string; label: string }[];
};

export function itemFormData(kind: "add" | "edit"): ItemFormData {
  return {
    constraint: formConstraint(kind === "add" ? addItemSchema : editItemSchema),
    levels: APPLICABILITY.map((a) => ({ value: a, label: APPLICABILITY_LABELS[a] })),
    autoChecks: [{ value: "", label: "None" }, ...AUTO_CHECKS.map((a) => ({ value: a, label: AUTO_CHECK_LABELS[a] }))],
  };
}

/** An item's values as the form's defaults. */
export function itemDefaults(item: EditorItem | null) {
  if (!item) return { level1: "required", level2: "required", level3: "required", level4: "required", autoCheck: "" };
  return {
    text: item.text, guidance: item.guidance ?? "", evidenceHint: item.evidenceHint ?? "",
    level1: item.levels[0], level2: item.levels[1], level3: item.levels[2], level4: item.levels[3], autoCheck: item.autoCheck ?? "",
  };
}

/** An item's applicability in words: "I required · II recommended · …". */
export function levelsText(levels: EditorItem["levels"]): string {
  return levels.map((l, i) => `${["I", "II", "III", "IV"][i]} ${APPLICABILITY_LABELS[l].toLowerCase()}`).join(" · ");
}
