import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { formatCents } from "#app/domain/fees/money";
import { approveExpense, approveShare, prepareAudit, proposeExpense, recordMoneyIn, setShare, signAudit, withdrawProposal } from "#app/domain/house-fund/fund.server";
import { intent, rowId } from "#app/ui/forms.server";
import { approveSchema, approveShareSchema, auditSchema, expenseSchema, moneyInSchema, shareSchema, signSchema, withdrawSchema } from "./forms.server";

/** What the officers' forms do, in the house the resident lives in (each in one transaction: a refusal writes nothing). */
export function houseFundIntents(tenant: TenantContext, houseId: string, currency: string) {
  return {
    share: intent({
      schema: shareSchema,
      formId: "share",
      fields: ["amount", "effectiveFrom"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(tenant, (tx) => setShare(tx, { ...input, houseId }));
        return r.inForce
          ? `The weekly share is set: ${formatCents(input.amount, currency)} from ${input.effectiveFrom}.`
          : `Share proposed: ${formatCents(input.amount, currency)} from ${input.effectiveFrom}, with your approval. One more officer needs to approve it.`;
      },
    }),
    "approve-share": intent({
      schema: approveShareSchema,
      formId: (f) => `approve-share-${rowId(f, "rateId")}`,
      button: true,
      run: async ({ rateId }) => {
        const r = await withTenant(tenant, (tx) => approveShare(tx, { houseId, rateId }));
        return r.inForce ? "Approved. The new share is in force from its day." : "Approved. One more officer needs to approve it.";
      },
    }),
    "money-in": intent({
      schema: moneyInSchema,
      formId: "money-in",
      fields: ["residentId", "amount", "method", "receivedOn", "memo"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(tenant, (tx) => recordMoneyIn(tx, { ...input, houseId }));
        return r.created ? `Recorded ${formatCents(input.amount, currency)} into the house fund.` : "This was already recorded.";
      },
    }),
    expense: intent({
      schema: expenseSchema,
      formId: "expense",
      fields: ["payee", "category", "amount", "memo", "receiptReference"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(tenant, (tx) => proposeExpense(tx, { ...input, houseId }));
        return r.created ? `Expense proposed, with your approval. One more officer needs to approve it.` : "This expense was already proposed.";
      },
    }),
    approve: intent({
      schema: approveSchema,
      formId: (f) => `approve-${rowId(f, "entryId")}`,
      button: true,
      run: async ({ entryId }) => {
        const r = await withTenant(tenant, (tx) => approveExpense(tx, { houseId, entryId }));
        return r.approved ? "Approved. The expense is now paid from the fund." : "Approved. One more officer needs to approve it.";
      },
    }),
    withdraw: intent({
      schema: withdrawSchema,
      formId: (f) => `withdraw-${rowId(f, "entryId") || rowId(f, "rateId")}`,
      fields: ["reason"],
      run: async ({ entryId, rateId, reason }) => {
        await withTenant(tenant, (tx) => withdrawProposal(tx, { houseId, entryId, rateId, reason }));
        return entryId ? "Expense withdrawn. It won't be paid from the fund." : "Share proposal withdrawn.";
      },
    }),
    audit: intent({
      schema: auditSchema,
      formId: "audit",
      fields: ["month", "counted", "note"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(tenant, (tx) => prepareAudit(tx, { ...input, houseId }));
        const diff = r.countedCents - r.closingCents;
        return `Audit prepared: closing balance ${formatCents(r.closingCents, currency)}, ${diff === 0 ? "the count matches" : `a difference of ${formatCents(diff, currency)}`}. Each officer signs it now.`;
      },
    }),
    sign: intent({
      schema: signSchema,
      formId: (f) => `sign-${rowId(f, "auditId")}`,
      fields: ["typedName"],
      run: async ({ auditId, typedName }) => {
        const r = await withTenant(tenant, (tx) => signAudit(tx, { houseId, auditId, typedName }));
        return r.complete ? "Signed. The audit is complete and locked." : "Signed. It is complete once all three officers have signed.";
      },
    }),
  };
}
