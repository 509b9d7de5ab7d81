import { z } from "zod";
import { money } from "#app/domain/fees/money";
import { optionalEmail, optionalPhone, optionalText } from "#app/lib/fields";

/**
 * A house's public vacancy listing (issue 12, capability 6; ADR 042): what the operator
 * chooses to publish about the house. Nothing about a resident belongs here.
 */
export const ListingInput = z
  .object({
    published: z.boolean().default(false),
    description: optionalText(1000),
    feesDescription: optionalText(500),
    weeklyFee: money.optional().transform((v) => v ?? null),
    contactPhone: optionalPhone,
    contactEmail: optionalEmail,
    showStreetAddress: z.boolean().default(false),
  })
  .strict();
export type ListingInput = z.input<typeof ListingInput>;
export type Listing = z.output<typeof ListingInput>;
