import type { OrgContext } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { changeApplicationStatus } from "#app/domain/admissions/applications.server";
import { addScreeningNote, updateApplicationIntake } from "#app/domain/admissions/intake.server";
import { admitReadyApplication } from "#app/domain/admissions/queries.server";
import {
  AdmitApplicationInput,
  APPLICATION_STATUS_LABELS,
  ApplicationIntakeInput,
  ApplicationScreeningNoteInput,
  ApplicationStatusInput,
} from "#app/domain/admissions/schemas";
import { can } from "#app/domain/permissions";
import { forbidden } from "#app/lib/http.server";
import { datesChangedSince } from "#app/ui/booking.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { attempt, formError, invalid } from "#app/ui/forms.server";
import { parseApplicationForm } from "./forms.server";

/** The application page's actions: intake details, the screening log, status changes (decline included) and admission. */
export async function applicationAction(ctx: OrgContext, applicationId: string, request: Request) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  // The id comes from the URL, whatever the form says.
  const fields = new FormData();
  for (const [k, v] of formData) if (k !== "applicationId") fields.append(k, v);
  fields.set("applicationId", applicationId);

  if (intent === "intake") {
    const submission = parseApplicationForm(fields, ApplicationIntakeInput);
    if (submission.status !== "success") return invalid("intake", submission);
    return attempt({ formId: "intake", submission, fields: ["moud"] }, async () => {
      await withTenant(ctx.tenant, (tx) => updateApplicationIntake(tx, submission.value));
      return "Intake details saved.";
    });
  }

  if (intent === "screening-note") {
    const submission = parseApplicationForm(fields, ApplicationScreeningNoteInput);
    if (submission.status !== "success") return invalid("screening-note", submission);
    return attempt({ formId: "screening-note", submission, resetForm: true }, async () => {
      await withTenant(ctx.tenant, (tx) => addScreeningNote(tx, submission.value));
      return "Added to the screening log.";
    });
  }

  if (intent === "status") {
    const formId = fields.get("status") === "declined" ? "decline" : "status";
    const submission = parseApplicationForm(fields, ApplicationStatusInput);
    if (submission.status !== "success") return invalid(formId, submission);
    return attempt({ formId, submission, resetForm: true }, async () => {
      await withTenant(ctx.tenant, (tx) => changeApplicationStatus(tx, submission.value));
      return `Status changed to ${APPLICATION_STATUS_LABELS[submission.value.status]}.`;
    });
  }

  if (intent === "admit") {
    if (!can(ctx.role, "stays:write")) forbidden("You don't have permission to admit residents.");
    const changed = datesChangedSince(new URL(request.url), formData, ["moveInDate", "expectedMoveOutDate"], ["bedId"]);
    if (changed) return changed;
    const submission = parseApplicationForm(fields, AdmitApplicationInput);
    if (submission.status !== "success") return invalid("admit", submission);
    return attempt({ formId: "admit", submission }, async () => {
      const { stayId } = await withTenant(ctx.tenant, (tx) => admitReadyApplication(tx, submission.value));
      return redirectWithFlash(`/o/${ctx.org.slug}/stays/${stayId}`, "admitted");
    });
  }

  return formError("none", "That action isn't available here.", 400);
}
