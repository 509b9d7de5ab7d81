import { z } from "zod";
import { RaiseFindingInput } from "#app/domain/findings/schemas";
import { id } from "#app/lib/fields";
import { formConstraint } from "#app/ui/constraint";

/** The form that raises a finding: the domain's input, the self-assessment it is about, and its intent. */
export const raiseSchema = RaiseFindingInput.extend({ intent: z.literal("raise"), assessmentId: id });
export const queryOf = (request: Request) => {
  const url = new URL(request.url);
  return { assessment: url.searchParams.get("assessment") ?? undefined, item: url.searchParams.get("item") ?? "" };
};
export const raiseConstraint = () => formConstraint(raiseSchema);
