import type { z } from "zod";
import { LISTED_FOR } from "#app/ui/date-lookup";
import { withoutKeys } from "#app/ui/form-errors";
import { parseForm } from "#app/ui/parse-form";

/** Fields a form carries besides its schema's: the intent, the confirmation step, the listed dates. */
const CONTROL_FIELDS = ["intent", "confirmed", LISTED_FOR, "lookup"];
const MESSAGES = { toBedId: "Choose a bed.", date: "Choose a date.", reason: "Choose a discharge reason." };

/** The stay forms are checked with the domain's own strict schemas, on the client and the server. */
export const parseStayForm = <S extends z.ZodType>(formData: FormData, schema: S) => parseForm(withoutKeys(formData, CONTROL_FIELDS), schema, MESSAGES);
