import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { markChoreDone } from "#app/domain/chores/assignments.server";
import { answerChoreSwap, requestChoreSwap } from "#app/domain/chores/portal.server";
import { intent, rowId } from "#app/ui/forms.server";
import { answerSchema, doneSchema, swapSchema } from "./forms.server";

const ANSWERED = { accepted: "It's yours now: it shows in your chores.", declined: "You said no; the chore stays with your housemate.", cancelled: "Request cancelled." };

/** What the resident's chore forms do (each in one transaction: a refusal writes nothing). */
export function myChoreIntents(tenant: TenantContext) {
  return {
    done: intent({
      schema: doneSchema,
      formId: (f) => `done-${rowId(f, "assignmentId")}`,
      fields: ["note"],
      run: async ({ assignmentId, note }) => {
        await withTenant(tenant, (tx) => markChoreDone(tx, { assignmentId, note }));
        return "Marked done. Thank you!";
      },
    }),
    swap: intent({
      schema: swapSchema,
      formId: (f) => `swap-${rowId(f, "assignmentId")}`,
      fields: ["toResidentId"],
      run: async ({ assignmentId, toResidentId }) => {
        await withTenant(tenant, (tx) => requestChoreSwap(tx, { assignmentId, toResidentId }));
        return "Request sent. The chore stays yours until they accept.";
      },
    }),
    answer: intent({
      schema: answerSchema,
      formId: (f) => `answer-${rowId(f, "swapId")}`,
      button: true,
      run: async ({ swapId, answer }) => {
        await withTenant(tenant, (tx) => answerChoreSwap(tx, { swapId, answer }));
        return ANSWERED[answer];
      },
    }),
  };
}
