import { z } from "zod";
import type { OrgContext } from "#app/auth/guard.server";
import type { Role } from "#app/db/schema";
import { assignableRoles, ROLE_LABELS } from "#app/domain/permissions";

/**
 * The team page's forms, checked in the action only: the page ships no zod (first-load JS
 * budget, issue 15); the loader sends the invitation form's HTML constraints.
 */
const ROLE_VALUES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];
const roleField = z.enum(ROLE_VALUES, { error: "Choose a role." });

export function inviteSchema(assignable: readonly Role[]) {
  return z
    .object({
      intent: z.literal("invite"),
      email: z.string({ error: "Enter an email address." }).trim().max(254, "Use at most 254 characters.").email("Enter a valid email address."),
      role: roleField.refine((r) => assignable.includes(r), "Choose a role you can assign."),
      /** The houses a house manager or staff member will work in (assigned when they accept). */
      houseIds: z.array(z.uuid("Choose houses from the list.")).max(200).default([]),
    })
    .strict();
}
/** A role change is asked first; the answer posts the same fields with `confirmed=yes`. */
export const changeRoleSchema = z
  .object({ intent: z.literal("change-role"), membershipId: z.uuid(), role: roleField, confirmed: z.literal("yes").optional() })
  .strict();
export const removeSchema = z.object({ intent: z.literal("remove"), membershipId: z.uuid() }).strict();
export const revokeSchema = z.object({ intent: z.literal("revoke"), inviteId: z.uuid() }).strict();
export const accessSchema = z.object({ intent: z.enum(["disable", "enable"]), membershipId: z.uuid() }).strict();

/** Roles handed out from this page: residents are invited from their resident record. */
export function teamRoles(ctx: OrgContext): Role[] {
  return assignableRoles(ctx.role, ctx.org.kind).filter((r) => r !== "resident");
}

