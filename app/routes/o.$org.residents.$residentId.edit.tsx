import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getResident, updateResident } from "#app/domain/residents/residents.server";
import { PageHeader } from "#app/ui/page";
import { ResidentForm, residentDefaults } from "#app/ui/resident-form";
import { residentConstraint, residentFormSchema, RESIDENT_MESSAGES } from "#app/ui/resident-form.server";
import { possessive } from "#app/ui/possessive";
import { redirectWithFlash } from "#app/ui/flash.server";
import { attempt, formError, invalid, orErrorPage } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";

// Never the resident's name in the title (browser history, shared screens).
export const meta: MetaFunction = () => [{ title: "Edit resident · Hearth" }];

const FIELDS = Object.keys(residentFormSchema.shape);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:write");
  const residentId = residentIdParam(params);
  // Opening the form shows the record: getResident audits it as a view.
  const profile = await orErrorPage(withTenant(ctx.tenant, (tx) => getResident(tx, residentId)), NOT_FOUND.resident);
  return {
    back: `/o/${ctx.org.slug}/residents/${profile.id}`,
    name: profile.displayName,
    defaults: residentDefaults(profile),
    constraint: residentConstraint(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:write");
  const residentId = residentIdParam(params);
  const formData = await request.formData();
  if (formData.get("intent") !== "save-resident") return formError("resident", "That action isn't available here.", 400);
  const submission = parseForm(formData, residentFormSchema, RESIDENT_MESSAGES);
  if (submission.status !== "success") return invalid("resident", submission);
  const { intent: _intent, ...input } = submission.value;
  return attempt({ formId: "resident", submission, fields: FIELDS, notFoundMessage: NOT_FOUND.resident }, async () => {
    await withTenant(ctx.tenant, (tx) => updateResident(tx, residentId, input));
    return redirectWithFlash(`/o/${ctx.org.slug}/residents/${residentId}`, "saved");
  });
}

export default function EditResidentPage() {
  const { back, name, defaults, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={`Edit ${possessive(name)} profile`} />
      <div className="max-w-2xl rounded-lg border border-line bg-white p-4">
        <ResidentForm defaults={defaults} constraint={constraint} lastResult={actionData?.result} submitLabel="Save changes">
          <p className="text-sm text-muted">
            <Link to={back}>Cancel and go back to the profile</Link>
          </p>
        </ResidentForm>
      </div>
    </>
  );
}
