import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { orRefuse } from "#app/domain/consents/disclose.server";
import { addFollowup, addHandoff, completeFollowup, moveReferral, printSummary, sendReferral } from "#app/domain/referrals/referrals.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { intent, type Intent } from "#app/ui/forms.server";
import {
  APPOINTMENT_FIELDS,
  appointmentSchema,
  buttonSchema,
  closeSchema,
  FOLLOWUP_FIELDS,
  followupDoneSchema,
  followupIdOf,
  followupSchema,
  HANDOFF_FIELDS,
  handoffSchema,
} from "./forms.server";

const NOT_FOUND = "We couldn't find that referral.";

/** The referral page's intents (ADR 046). Sending and printing go through the consent gate; a refusal is logged, then shown. */
export function referralIntents(tenant: TenantContext, o: { residentId: string; referralId: string; base: string }): Record<string, Intent> {
  const { residentId, referralId } = o;
  const run = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant(tenant, work);
  const step = (name: string, to: "accepted" | "attended", notice: string) =>
    intent({
      schema: buttonSchema(name),
      formId: name,
      button: true,
      notFoundMessage: NOT_FOUND,
      run: async () => {
        await run((tx) => moveReferral(tx, residentId, referralId, { to }));
        return notice;
      },
    });
  return {
    send: intent({
      schema: buttonSchema("send"),
      formId: "send",
      button: true,
      notFoundMessage: NOT_FOUND,
      run: async () => {
        // The gate's log row and the "consent needed" step commit; the refusal is shown after.
        const result = await run((tx) => sendReferral(tx, residentId, referralId));
        if (!result.sent) orRefuse(result.outcome);
        return "Referral sent. The summary was shared under the resident's consent and is in their disclosure log.";
      },
    }),
    accept: step("accept", "accepted", "Marked accepted by the service."),
    attended: step("attended", "attended", "Marked attended."),
    appointment: intent({
      schema: appointmentSchema,
      formId: "appointment",
      fields: APPOINTMENT_FIELDS,
      notFoundMessage: NOT_FOUND,
      run: async ({ intent: _i, ...input }) => {
        await run((tx) => moveReferral(tx, residentId, referralId, { to: "appointment_set", ...input }));
        return "Appointment saved.";
      },
    }),
    close: intent({
      schema: closeSchema,
      formId: "close",
      fields: ["outcome"],
      notFoundMessage: NOT_FOUND,
      run: async ({ outcome }) => {
        await run((tx) => moveReferral(tx, residentId, referralId, { to: "closed", outcome }));
        return "Referral closed.";
      },
    }),
    handoff: intent({
      schema: handoffSchema,
      formId: "handoff",
      fields: HANDOFF_FIELDS,
      resetForm: true,
      notFoundMessage: NOT_FOUND,
      run: async ({ intent: _i, ...input }) => {
        await run((tx) => addHandoff(tx, residentId, referralId, input));
        return "Warm handoff recorded.";
      },
    }),
    followup: intent({
      schema: followupSchema,
      formId: "followup",
      fields: FOLLOWUP_FIELDS,
      resetForm: true,
      notFoundMessage: NOT_FOUND,
      run: async ({ intent: _i, ...input }) => {
        await run((tx) => addFollowup(tx, residentId, referralId, input));
        return "Follow-up added.";
      },
    }),
    "followup-done": intent({
      schema: followupDoneSchema,
      formId: followupIdOf,
      fields: ["note"],
      notFoundMessage: NOT_FOUND,
      run: async ({ intent: _i, ...input }) => {
        await run((tx) => completeFollowup(tx, residentId, referralId, input));
        return "Follow-up done.";
      },
    }),
    summary: intent({
      schema: buttonSchema("summary"),
      formId: "summary",
      button: true,
      notFoundMessage: NOT_FOUND,
      run: async () => {
        const outcome = await run((tx) => printSummary(tx, residentId, referralId));
        const granted = orRefuse(outcome);
        return redirectWithFlash(`${o.base}/referrals/${referralId}/summary/${granted.disclosureId}`, "created");
      },
    }),
  };
}
