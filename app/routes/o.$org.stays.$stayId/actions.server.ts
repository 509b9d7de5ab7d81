import { data } from "@remix-run/node";
import { withTenant } from "#app/db/tenant.server";
import { CancelStayInput, DISCHARGE_REASON_LABELS, DischargeInput, TransferInput } from "#app/domain/admissions/schemas";
import { cancelPlannedStay, dischargeStay, getStay, transferStay, undoDischarge, undoTransfer, UNDO_WINDOW_MINUTES, withinUndoWindow } from "#app/domain/admissions/stays.server";
import type { OrgContext } from "#app/auth/guard.server";
import { datesChangedSince } from "#app/ui/booking.server";
import { ask, confirmed, dryRun, type ConfirmActionData } from "#app/ui/confirm.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { formatDay } from "#app/lib/dates";
import { attempt, formError, invalid, respond } from "#app/ui/forms.server";


import type { Tx } from "#app/db/tenant.server";
import { DEPOSIT_CHOICE_LABELS } from "#app/domain/fees/deposit-choices";
import { settleMoneyAtDischarge, type DepositChoice } from "#app/domain/fees/discharge.server";
import { depositChoicesOf, parseStayForm } from "./forms.server";

/**
 * The stay page's actions: transfer, discharge, and the corrections (cancel a planned
 * move-in, undo a move, undo a discharge). Every change but a transfer asks first; the
 * question runs the change and rolls it back, so a refusal shows before it.
 */
export async function stayAction(ctx: OrgContext, stayId: string, request: Request) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  // The id comes from the URL, whatever the form says.
  const fields = new FormData();
  for (const [k, v] of formData) if (k !== "stayId") fields.append(k, v);
  fields.set("stayId", stayId);
  const base = `/o/${ctx.org.slug}`;
  // The one-step undo right after a change (quick=yes) counts as confirmed only inside the
  // window, checked here against the stay's time of change; later it asks like any correction.
  const quickUndo = async () =>
    formData.get("quick") === "yes" && (await withTenant(ctx.tenant, (tx) => withinUndoWindow(tx, stayId)));
  const late = formData.get("quick") === "yes" ? `The one-step undo is offered for ${UNDO_WINDOW_MINUTES} minutes after a change. ` : "";

  if (intent === "transfer") {
    // The transfer date the person sees is the one used; changed after the list? Show the new list.
    const changed = datesChangedSince(new URL(request.url), formData, ["date"], ["toBedId"]);
    if (changed) return changed;
    const submission = parseStayForm(fields, TransferInput);
    if (submission.status !== "success") return invalid("transfer", submission);
    return attempt({ formId: "transfer", submission }, async () => {
      const moved = await withTenant(ctx.tenant, (tx) => transferStay(tx, submission.value));
      return redirectWithFlash(`${base}/stays/${moved.stayId}`, "moved");
    });
  }

  if (intent === "discharge") {
    const submission = parseStayForm(fields, DischargeInput);
    if (submission.status !== "success") return invalid("discharge", submission);
    const v = submission.value;
    // The money side in the same transaction (ADR 031): open pay links revoked, held deposits settled as chosen.
    const choices = depositChoicesOf(formData);
    const discharge = async (tx: Tx) => {
      const out = await dischargeStay(tx, v);
      const stay = await getStay(tx, v.stayId);
      const money = await settleMoneyAtDischarge(tx, stay.residentId, choices as DepositChoice[]);
      return { ...out, money };
    };
    return attempt({ formId: "discharge", submission }, async () => {
      if (!confirmed(formData)) {
        await dryRun(ctx.tenant, discharge);
        const hold = v.holdBedDays ? ` The bed is held for ${v.holdBedDays} day${v.holdBedDays === 1 ? "" : "s"} from then.` : "";
        const deposits = choices.length ? ` Deposits: ${choices.map((c) => DEPOSIT_CHOICE_LABELS[c.settle as keyof typeof DEPOSIT_CHOICE_LABELS]?.toLowerCase() ?? "?").join("; ")}.` : "";
        const body = `Move-out ${formatDay(v.date)} — ${DISCHARGE_REASON_LABELS[v.reason]}. The stay ends and the bed is free from that date.${hold}${deposits} Their pay links stop working.`;
        const fields: Record<string, string> = { date: v.date, reason: v.reason, destination: v.destination ?? "", holdBedDays: v.holdBedDays ? String(v.holdBedDays) : "" };
        for (const c of choices) {
          fields[`deposit_settle_${c.depositId}`] = c.settle ?? "";
          fields[`deposit_method_${c.depositId}`] = c.method ?? "";
          fields[`deposit_reason_${c.depositId}`] = c.reason ?? "";
        }
        return ask("discharge", { intent: "discharge", title: "Record this discharge?", body, yes: "Yes, record the discharge", danger: true, fields }, submission.reply());
      }
      const { heldUntil } = await withTenant(ctx.tenant, discharge);
      const held = heldUntil ? ` The bed is held until ${formatDay(heldUntil)}.` : "";
      return data<ConfirmActionData>({
        formId: "discharge",
        result: submission.reply({ resetForm: true }),
        notice: `Discharge recorded. The bed is free from ${formatDay(v.date)}.${held}`,
        error: null,
        pageError: null,
        detail: null,
        undo: { intent: "undo-discharge", label: "Undo the discharge" },
      });
    });
  }

  if (intent === "cancel" || intent === "undo-transfer") {
    const submission = parseStayForm(fields, CancelStayInput);
    if (submission.status !== "success") return invalid(intent, submission);
    const cancel = intent === "cancel";
    return attempt({ formId: intent, submission }, async () => {
      if (!confirmed(formData) && (cancel || !(await quickUndo()))) {
        await dryRun(ctx.tenant, (tx) => (cancel ? cancelPlannedStay(tx, submission.value) : undoTransfer(tx, submission.value)));
        return ask(intent, {
          intent,
          title: cancel ? "Cancel this move-in?" : "Undo this move?",
          body: cancel
            ? "The booking is removed and the bed is free for these dates. The resident's profile stays."
            : `${late}The resident stays in the bed they moved from, as if the move had not been recorded.`,
          yes: cancel ? "Yes, cancel the move-in" : "Yes, undo the move",
          danger: true,
          fields: {},
        });
      }
      const { stay, originalStayId } = await withTenant(ctx.tenant, async (tx) => {
        const stay = await getStay(tx, submission.value.stayId);
        if (cancel) {
          const { undidTransferOf } = await cancelPlannedStay(tx, submission.value);
          return { stay, originalStayId: undidTransferOf };
        }
        const { originalStayId, undoneStayId } = await undoTransfer(tx, submission.value);
        // Undone from the stay that was left: the move went to the removed stay's bed.
        return { stay: undoneStayId === stay.id ? stay : null, originalStayId };
      });
      if (originalStayId) {
        // The landing offers to book the same move again (bed and date travel in the address).
        const redo = stay ? `?toBedId=${stay.bedId}&moveDate=${stay.moveIn}` : "";
        return redirectWithFlash(`${base}/stays/${originalStayId}${redo}`, "transfer-undone");
      }
      // The profile offers to book the same bed and dates again.
      const q = new URLSearchParams({ bedId: stay!.bedId, moveInDate: stay!.moveIn });
      if (stay!.moveOut) q.set("expectedMoveOutDate", stay!.moveOut);
      return redirectWithFlash(`${base}/residents/${stay!.residentId}?${q}`, "cancelled");
    });
  }

  if (intent === "undo-discharge") {
    const submission = parseStayForm(fields, CancelStayInput);
    if (submission.status !== "success") return invalid(intent, submission);
    return attempt({ formId: intent, submission }, async () => {
      if (!confirmed(formData) && !(await quickUndo())) {
        await dryRun(ctx.tenant, (tx) => undoDischarge(tx, submission.value));
        const body = `${late}The stay continues, open-ended, and the discharge reason and destination are removed.`;
        return ask(intent, { intent, title: "Undo this discharge?", body, yes: "Yes, undo the discharge", danger: false, fields: {} });
      }
      await withTenant(ctx.tenant, (tx) => undoDischarge(tx, submission.value));
      return respond({ formId: intent, notice: "Discharge undone. The stay continues." });
    });
  }

  return formError("none", "That action isn't available here.", 400);
}
