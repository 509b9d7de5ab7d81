import type { z } from "zod";
import { LISTED_FOR } from "#app/ui/date-lookup";
import { withoutKeys } from "#app/ui/form-errors";
import { parseForm } from "#app/ui/parse-form";

const CONTROL_FIELDS = ["intent", LISTED_FOR, "lookup"];
const MESSAGES = { bedId: "Choose a bed.", moveInDate: "Choose a move-in date.", status: "Choose a status." };

/** The application forms are checked with the domain's own strict schemas, in the action only (ADR 029: the page ships no zod). */
export const parseApplicationForm = <S extends z.ZodType>(formData: FormData, schema: S) => parseForm(withoutKeys(formData, CONTROL_FIELDS), schema, MESSAGES);
