import type { OrgContext } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listFreeBeds } from "#app/domain/admissions/queries.server";
import { DISCHARGE_REASON_LABELS, DischargeInput, TransferInput } from "#app/domain/admissions/schemas";
import { getStay } from "#app/domain/admissions/stays.server";
import { heldDeposits } from "#app/domain/fees/deposits.server";
import { formatCents } from "#app/domain/fees/money";
import { can } from "#app/domain/permissions";
import { stayStatusLine } from "#app/domain/admissions/stay-status";
import { addDays, formatDay } from "#app/lib/dates";
import { isoDate } from "#app/lib/fields";
import { bedGroups, DATES_CHANGED_MESSAGE } from "#app/ui/booking.server";
import { formConstraint } from "#app/ui/constraint";
import { orErrorPage } from "#app/ui/forms.server";
import { NOT_FOUND } from "#app/ui/params.server";
import { z } from "zod";

/** The one-time landings after an admission, a move and an undone move (see stayAction). */
export const LANDINGS = ["admitted", "moved", "transfer-undone"] as const;

/** The stay page: the stay in words, what this role may do with it, and the transfer form's beds. */
export async function stayView(ctx: OrgContext, stayId: string, url: URL, flash: (typeof LANDINGS)[number] | null) {
  const canWrite = can(ctx.role, "stays:write");
  const asked = isoDate.safeParse(url.searchParams.get("date") ?? "");
  const { stay, transfer, deposits } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const stay = await getStay(tx, stayId);
      if (!canWrite || stay.endType !== null || stay.status !== "current") return { stay, transfer: null, deposits: [] };
      // Deposits still held are settled from the discharge form itself (ADR 031).
      const deposits = can(ctx.role, "fees:write") ? await heldDeposits(tx, stay.residentId) : [];
      // A transfer date falls after the move-in and before any expected move-out.
      const earliest = addDays(stay.moveIn, 1);
      const fallback = stay.today > earliest ? stay.today : earliest;
      const problem = asked.success && asked.data < earliest ? `Choose a transfer date after the move-in (${formatDay(stay.moveIn)}).` : null;
      const date = asked.success ? asked.data : fallback;
      if (problem) return { stay, deposits, transfer: { date, problem, beds: null } };
      if (stay.moveOut !== null && date >= stay.moveOut) {
        return {
          stay,
          deposits,
          transfer: {
            date,
            problem: "Choose a transfer date before the expected move-out.",
            beds: null,
          },
        };
      }
      return {
        stay,
        deposits,
        transfer: {
          date,
          problem: null,
          beds: await listFreeBeds(tx, {
            from: date,
            to: stay.moveOut,
            excludeBedId: stay.bedId,
          }),
        },
      };
    }),
    NOT_FOUND.stay
  );
  const endedBy =
    stay.endType === "discharge"
      ? `Discharge — ${stay.dischargeReason ? DISCHARGE_REASON_LABELS[stay.dischargeReason] : "reason not recorded"}`
      : stay.endType === "transfer"
      ? "Transfer to another bed"
      : null;
  const done = flash;
  const redoBed = z.uuid().safeParse(url.searchParams.get("toBedId"));
  const redoDate = isoDate.safeParse(url.searchParams.get("moveDate") ?? "");
  const residentName = stay.residentName ?? "Resident";
  const asNew = stay.endType === null && stay.status !== "ended";
  return {
    stay: {
      id: stay.id,
      residentId: stay.residentId,
      residentName,
      houseId: stay.houseId,
      place: `${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}`,
      houseName: stay.houseName,
      bed: `${stay.roomName} · Bed ${stay.bedLabel}`,
      moveIn: formatDay(stay.moveIn),
      moveOut: stay.moveOut ? formatDay(stay.moveOut) : null,
      moveOutKind: stay.endType ? "actual" : stay.moveOut ? "expected" : "open",
      status: stay.status,
      statusLabel: stayStatusLine(stay, formatDay),
      endedBy,
      destination: stay.dischargeDestination,
      transferredFromStayId: stay.transferredFromStayId,
      transferredToStayId: stay.transferredToStayId,
    },
    canWrite,
    // Every state a stay can reach offers a way back from a mistake:
    canCancel: canWrite && stay.endType === null && stay.status === "planned" && !stay.transferredFromStayId,
    canUndoMove: canWrite && stay.endType === null && stay.transferredFromStayId !== null,
    canUndoTransfer: canWrite && stay.endType === "transfer",
    canUndoDischarge: canWrite && stay.endType === "discharge",
    canDischarge: canWrite && stay.endType === null && stay.status === "current",
    today: stay.today,
    todayLabel: formatDay(stay.today),
    /** The forms' HTML constraints: they are checked in the action only (ADR 029), so the page ships no zod. */
    constraints: { transfer: formConstraint(TransferInput), discharge: formConstraint(DischargeInput) },
    deposits: deposits.map((d) => ({ id: d.id, held: formatCents(d.heldCents, ctx.org.currency), since: formatDay(d.effectiveOn) })),
    landing:
      done === "admitted" && asNew
        ? {
            kind: "admitted" as const,
            text: `${residentName} is admitted to ${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}, from ${formatDay(stay.moveIn)}.`,
          }
        : done === "moved" && asNew && stay.transferredFromStayId
        ? {
            kind: "moved" as const,
            text: `${residentName} moves to ${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel} on ${formatDay(stay.moveIn)}.`,
          }
        : done === "transfer-undone" && asNew
        ? {
            kind: "transfer-undone" as const,
            text: `The move was cancelled: ${residentName} stays in ${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}.`,
            redo: canWrite && redoBed.success && redoDate.success ? { toBedId: redoBed.data, date: redoDate.data } : null,
          }
        : null,
    transfer: transfer && {
      date: transfer.date,
      dateLabel: formatDay(transfer.date),
      problem: transfer.problem ?? (url.searchParams.has("datesChanged") ? DATES_CHANGED_MESSAGE : null),
      until: stay.moveOut ? formatDay(stay.moveOut) : null,
      bedGroups: transfer.beds ? bedGroups(transfer.beds, stay.houseId) : null,
    },
  };
}
