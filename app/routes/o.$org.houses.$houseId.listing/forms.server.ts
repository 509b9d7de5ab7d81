import { z } from "zod";
import { ListingInput } from "#app/domain/vacancies/schemas";

/** The vacancy listing form: the domain's schema plus its intent. */
export const listingSchema = ListingInput.extend({ intent: z.literal("save-listing") });
