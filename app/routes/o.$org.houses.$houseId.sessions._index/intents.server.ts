import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setMeetingTarget } from "#app/domain/sessions/meetings.server";
import { addSessionKind, cancelOccurrence, moveOccurrence, restoreOccurrence, sessionHouse } from "#app/domain/sessions/sessions.server";
import { formatInZone } from "#app/lib/dates";
import { intent } from "#app/ui/forms.server";
import { occurrenceFormId } from "./forms";
import { cancelSchema, kindSchema, moveSchema, restoreSchema, targetSchema } from "./forms.server";

const people = (n: number) => (n === 0 ? "Nobody needed an email." : n === 1 ? "1 resident was emailed." : `${n} residents were emailed.`);
const rowKey = (f: FormData) => [String(f.get("seriesId") ?? ""), String(f.get("occursOn") ?? "")] as const;

/** What the sessions page's forms do (houses:write; RLS limits house managers to their houses). */
export function sessionIntents(tenant: TenantContext, houseId: string) {
  return {
    "cancel-occurrence": intent({
      schema: cancelSchema,
      formId: (f) => occurrenceFormId("cancel", ...rowKey(f)),
      button: true,
      run: async ({ intent: _i, ...ref }) => {
        const { notified } = await withTenant(tenant, (tx) => cancelOccurrence(tx, houseId, ref));
        return `Session cancelled. ${people(notified)}`;
      },
    }),
    "move-occurrence": intent({
      schema: moveSchema,
      formId: (f) => occurrenceFormId("move", ...rowKey(f)),
      fields: ["newDate", "newTime"],
      run: async ({ intent: _i, ...input }) => {
        const { notified, startsAt, timeZone } = await withTenant(tenant, (tx) => moveOccurrence(tx, houseId, input));
        return `Session moved to ${formatInZone(startsAt, timeZone, "EEE, MMM d 'at' h:mm a")}. ${people(notified)}`;
      },
    }),
    "restore-occurrence": intent({
      schema: restoreSchema,
      formId: (f) => occurrenceFormId("restore", ...rowKey(f)),
      button: true,
      run: async ({ intent: _i, ...ref }) => {
        const { notified, startsAt, timeZone } = await withTenant(tenant, (tx) => restoreOccurrence(tx, houseId, ref));
        return `Session back on as planned, ${formatInZone(startsAt, timeZone, "EEE, MMM d 'at' h:mm a")}. ${people(notified)}`;
      },
    }),
    "set-target": intent({
      schema: targetSchema,
      formId: "target",
      fields: ["weeklyTarget"],
      run: async ({ weeklyTarget }) => {
        await withTenant(tenant, (tx) => setMeetingTarget(tx, houseId, { weeklyTarget }));
        return `Weekly target saved: ${weeklyTarget} ${weeklyTarget === 1 ? "meeting" : "meetings"} per resident.`;
      },
    }),
    "add-kind": intent({
      schema: kindSchema,
      formId: "kind",
      fields: ["name"],
      resetForm: true,
      run: async ({ name }) => {
        // Org-wide, but asked on this house's page: only through a house the caller may see.
        await withTenant(tenant, async (tx) => {
          await sessionHouse(tx, houseId);
          await addSessionKind(tx, { name });
        });
        return `“${name}” added. Choose it when you add or edit a session.`;
      },
    }),
  };
}
