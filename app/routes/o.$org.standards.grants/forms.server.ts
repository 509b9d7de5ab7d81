import { z } from "zod";
import { cursorParam } from "#app/lib/cursor.server";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { getGrant, issueGrant, revokeGrant } from "#app/domain/grants/grants.server";
import { GrantInput, RevokeInput } from "#app/domain/grants/schemas";
import { ask } from "#app/ui/confirm.server";
import { intent, runIntent } from "#app/ui/forms.server";

/** The grants page's forms, checked in the action only (the page ships no zod). ADR 049. */
export const issueSchema = GrantInput.extend({ intent: z.literal("issue") });
export const revokeSchema = RevokeInput.extend({ intent: z.literal("revoke"), confirmed: z.literal("yes").optional() });
export const ISSUE_FIELDS = ["certifierOrgId", "houseIds", "scope", "startsOn", "endsOn", "note"];

export async function grantsAction(request: Request, tenant: TenantContext) {
  return runIntent(await request.formData(), {
    issue: intent({
      schema: issueSchema,
      formId: "issue",
      fields: ISSUE_FIELDS,
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => issueGrant(tx, input));
        return "Access granted. The certifying body can now see the houses you chose.";
      },
    }),
    revoke: intent({
      schema: revokeSchema,
      formId: "revoke",
      button: true,
      invalidMessage: "That grant could not be found.",
      run: async ({ grantId, confirmed }) => {
        if (confirmed !== "yes") {
          const grant = await withTenant(tenant, (tx) => getGrant(tx, grantId));
          return ask("revoke", {
            intent: "revoke",
            title: `Revoke ${grant.certifierName}'s access?`,
            body: "They lose access to these houses and their self-assessments at once. You can issue a new grant later.",
            yes: "Yes, revoke access",
            danger: true,
            fields: { grantId },
          });
        }
        const { certifierName } = await withTenant(tenant, (tx) => revokeGrant(tx, grantId));
        return `${certifierName} no longer has access.`;
      },
    }),
  });
}

/** The list's page: `?cursor=` from <Pager> (ADR 034). */
export const grantsQuery = z.strictObject({ cursor: cursorParam.optional() });
