import { type ActionFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { reverseEntry } from "#app/domain/fees/ledger.server";
import { formatCents } from "#app/domain/fees/money";
import { createPlan, endPlan } from "#app/domain/fees/plans.server";
import { revokePayLinks } from "#app/domain/payments/pay-links.server";
import { feeResident } from "#app/domain/fees/queries.server";
import { settleDeposit } from "#app/domain/fees/deposits.server";
import { DomainError } from "#app/domain/errors.server";
import { ask, confirmed, dryRun } from "#app/ui/confirm.server";
import { attempt, intent, invalid, orErrorPage, runIntent } from "#app/ui/forms.server";
import { houseIdParam, NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { parseForm } from "#app/ui/parse-form";
import { endPlanSchema, planSchema, reverseSchema, settleSchema } from "./forms.server";

/** What the resident ledger page's forms do: reverse, agree or end a plan, settle a deposit, revoke pay links. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:write");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  // Another org's or another house's ids: 404 before any form is read.
  await orErrorPage(withTenant(ctx.tenant, (tx) => feeResident(tx, houseId, residentId)), NOT_FOUND.resident);
  const formData = await request.formData();
  if (formData.get("intent") === "agree-plan" || formData.get("intent") === "end-plan") {
    return runIntent(formData, {
      "agree-plan": intent({
        schema: planSchema,
        formId: "plan",
        fields: ["amount", "count", "instalment", "every", "firstDue", "note"],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          if (input.residentId !== residentId) throw new DomainError("invalid", "That plan is for another resident. Reload the page.");
          const plan = await withTenant(ctx.tenant, (tx) => createPlan(tx, input, { houseId }));
          return `Payment plan agreed: ${plan.instalments.length} ${plan.instalments.length === 1 ? "instalment" : "instalments"}, ${formatCents(input.amount, ctx.org.currency)} in all.`;
        },
      }),
      "end-plan": intent({
        schema: endPlanSchema,
        formId: "end-plan",
        fields: ["reason"],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          await withTenant(ctx.tenant, (tx) => endPlan(tx, input));
          return "Payment plan ended.";
        },
      }),
    });
  }
  if (formData.get("intent") === "pay-links-off") {
    // Turn off the resident's family pay links (audited as pay_link.revoked).
    return attempt({ formId: "pay-links-off", submission: null }, async () => {
      const n = await withTenant(ctx.tenant, (tx) => revokePayLinks(tx, residentId));
      return n === 0 ? "No pay links were turned on." : n === 1 ? "1 pay link turned off." : `${n} pay links turned off.`;
    });
  }
  if (formData.get("intent") === "settle-deposit") {
    const settleId = `settle-${String(formData.get("depositId") ?? "").slice(0, 40)}`;
    const settled = parseForm(formData, settleSchema);
    if (settled.status !== "success") return invalid(settleId, settled, "Choose how the deposit was paid back.", { button: true });
    const { intent: _s, ...settle } = settled.value;
    return attempt({ formId: settleId, submission: null }, async () => {
      const done = await withTenant(ctx.tenant, (tx) => settleDeposit(tx, settle, { residentId }));
      return `${formatCents(done.amountCents, ctx.org.currency)} of the deposit ${settle.settle === "refund" ? "refunded" : "applied to the balance"}.`;
    });
  }
  const submission = parseForm(formData, reverseSchema);
  const formId = `reverse-${String(formData.get("entryId") ?? "").slice(0, 40)}`;
  if (submission.status !== "success") return invalid(formId, submission, "Write why this entry is being corrected.", { button: true });
  const { intent: _i, confirmed: _c, ...input } = submission.value;
  return attempt({ formId, submission: null }, async () => {
    if (!confirmed(formData)) {
      await dryRun(ctx.tenant, (tx) => reverseEntry(tx, input));
      return ask(formId, {
        intent: "reverse",
        title: "Correct this entry?",
        body: "Hearth records a new entry of the opposite amount that points at this one. Nothing is deleted; both stay on the ledger.",
        yes: "Yes, correct it",
        danger: true,
        fields: { entryId: input.entryId, reason: input.reason },
      });
    }
    await withTenant(ctx.tenant, (tx) => reverseEntry(tx, input));
    return "Entry corrected.";
  });
}

