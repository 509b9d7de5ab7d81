import type { OrgContext } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { changeMemberRole, createInvite, removeMember, revokeInvite, setMemberDisabled, type Actor } from "#app/domain/members/members.server";
import { ROLE_LABELS } from "#app/domain/permissions";
import { ask, dryRun } from "#app/ui/confirm.server";
import { intent, rowId } from "#app/ui/forms.server";
import { accessSchema, changeRoleSchema, inviteSchema, removeSchema, revokeSchema, teamRoles } from "./forms.server";

function actorOf(ctx: OrgContext): Actor {
  return {
    userId: ctx.user.id,
    userName: ctx.user.name,
    membershipId: ctx.membershipId,
    role: ctx.role,
    org: { id: ctx.org.id, name: ctx.org.name, kind: ctx.org.kind },
  };
}

/** The team page's actions (members:manage): invite, change a role, disable or enable, remove, revoke an invitation. */
export function teamIntents(ctx: OrgContext) {
  const actor = actorOf(ctx);
  return {
    invite: intent({
      schema: inviteSchema(teamRoles(ctx)),
      formId: "invite",
      fields: ["email", "role", "houseIds"],
      resetForm: true,
      run: async ({ email, role, houseIds }) => {
        const invite = await withTenant(ctx.tenant, (tx) => createInvite(tx, actor, { email, role, houseIds }));
        return `Invitation sent to ${invite.email}.`;
      },
    }),
    "change-role": intent({
      schema: changeRoleSchema,
      formId: (f) => `role-${rowId(f, "membershipId")}`,
      fields: ["role"],
      invalidMessage: "Choose a valid role.",
      run: async ({ membershipId, role, confirmed }) => {
        if (confirmed !== "yes") {
          // Ask first (the change is tried and rolled back, so a refusal shows now, not after "yes").
          let preview = { changed: false, name: "", from: role };
          await dryRun(ctx.tenant, async (tx) => {
            preview = await changeMemberRole(tx, actor, { membershipId, role });
          });
          if (!preview.changed) return `${preview.name} already has that role.`;
          return ask(`role-${membershipId}`, {
            intent: "change-role",
            title: `Change ${preview.name}'s role from ${ROLE_LABELS[preview.from]} to ${ROLE_LABELS[role]}?`,
            body: "What they can see and do changes at once, from their next page.",
            yes: "Yes, change the role",
            danger: false,
            fields: { membershipId, role },
          });
        }
        const { changed, name } = await withTenant(ctx.tenant, (tx) => changeMemberRole(tx, actor, { membershipId, role }));
        return changed ? `${name} is now ${ROLE_LABELS[role]}.` : `${name} already has that role.`;
      },
    }),
    remove: intent({
      schema: removeSchema,
      formId: "remove",
      button: true,
      invalidMessage: "That member could not be found.",
      run: async ({ membershipId }) => {
        const { name } = await withTenant(ctx.tenant, (tx) => removeMember(tx, actor, membershipId));
        return `${name} no longer has access.`;
      },
    }),
    ...Object.fromEntries(
      (["disable", "enable"] as const).map((name) => [
        name,
        intent({
          schema: accessSchema,
          formId: "access",
          button: true,
          invalidMessage: "That member could not be found.",
          run: async ({ membershipId }) => {
            const disabled = name === "disable";
            const { name: who } = await withTenant(ctx.tenant, (tx) => setMemberDisabled(tx, actor, { membershipId, disabled }));
            return disabled ? `${who} can no longer sign in to ${ctx.org.name}.` : `${who} has access again.`;
          },
        }),
      ]),
    ),
    revoke: intent({
      schema: revokeSchema,
      formId: "revoke",
      button: true,
      invalidMessage: "That invitation could not be found.",
      run: async ({ inviteId }) => {
        const { email } = await withTenant(ctx.tenant, (tx) => revokeInvite(tx, actor, inviteId));
        return `The invitation to ${email} was revoked.`;
      },
    }),
  };
}
