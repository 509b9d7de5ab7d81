import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { HOUSE_SCOPED_ROLES } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { createResident } from "#app/domain/residents/residents.server";
import { PageHeader } from "#app/ui/page";
import { ResidentForm, residentDefaults } from "#app/ui/resident-form";
import { residentConstraint, residentFormSchema, RESIDENT_MESSAGES } from "#app/ui/resident-form.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { attempt, formError, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "Add a resident · Hearth" }];

const FIELDS = Object.keys(residentFormSchema.shape);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:write");
  return { base: `/o/${ctx.org.slug}`, houseScoped: HOUSE_SCOPED_ROLES.includes(ctx.role), constraint: residentConstraint() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:write");
  const formData = await request.formData();
  if (formData.get("intent") !== "save-resident") return formError("resident", "That action isn't available here.", 400);
  const submission = parseForm(formData, residentFormSchema, RESIDENT_MESSAGES);
  if (submission.status !== "success") return invalid("resident", submission);
  const { intent: _intent, ...input } = submission.value;
  // A house manager sees a resident they added (until the resident has a stay, when the
  // stay's house decides); staff cannot add residents.
  return attempt({ formId: "resident", submission, fields: FIELDS }, async () => {
    const { id } = await withTenant(ctx.tenant, (tx) => createResident(tx, input));
    return redirectWithFlash(`/o/${ctx.org.slug}/residents/${id}`, "saved");
  });
}

export default function NewResidentPage() {
  const { base, houseScoped, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Add a resident"
        description="Their profile: how to address them and how to reach them. You can admit them to a bed afterwards."
      />
      <div className="max-w-2xl space-y-4 rounded-lg border border-line bg-white p-4">
        {houseScoped ? (
          <p className="text-sm text-muted">
            After you add them, admit them to a bed in one of your houses. To add and admit someone in one step, admit
            them from their accepted application under <Link to={`${base}/applications`}>Applications</Link>.
          </p>
        ) : null}
        <ResidentForm defaults={residentDefaults()} constraint={constraint} lastResult={actionData?.result} submitLabel="Add resident">
          <p className="text-sm text-muted">
            <Link to={`${base}/residents`}>Cancel and go back to residents</Link>
          </p>
        </ResidentForm>
      </div>
    </>
  );
}
