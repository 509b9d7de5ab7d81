import { z } from "zod";
import { id, isoDate, optionalIsoDate, optionalText } from "#app/lib/fields";
import { GRANT_SCOPES } from "./labels";

export * from "./labels";

/** An operator's audit grant to a certifying body (ADR 049). */
export const GrantInput = z.strictObject({
  certifierOrgId: z.uuid("Choose a certifying body."),
  houseIds: z.array(z.uuid("Choose houses from the list.")).min(1, "Choose at least one house.").max(200),
  scope: z.enum(GRANT_SCOPES, "Choose review or certification."),
  startsOn: isoDate,
  endsOn: optionalIsoDate,
  note: optionalText(500),
});
export type GrantInput = z.input<typeof GrantInput>;

export const RevokeInput = z.strictObject({ grantId: id });
