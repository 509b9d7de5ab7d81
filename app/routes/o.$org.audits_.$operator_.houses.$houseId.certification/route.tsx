import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierHouse, moveCertification, requireCertifierGrant } from "#app/domain/certification/certification.server";
import { CERTIFICATION_STATUS_LABELS } from "#app/domain/certification/labels";
import { notFound } from "#app/lib/http.server";
import { CertificationStatus } from "#app/ui/certification";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, Field, PageNotices, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { intent, orErrorPage, runIntent, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";
import { moveSchema } from "./forms.server";
import { certifierPage, operatorParam } from "./view.server";

/**
 * A certifying body's page for one house's certification (issue 13, capability 8; ADR 050):
 * the current status, level, dates and history, and the form that moves it to its next
 * status. Only through an active audit grant covering the house (review: read; certification:
 * decide) — otherwise 404, as if the house did not exist. Every read and write is in both
 * orgs' audit logs.
 */
export const meta: MetaFunction = () => [{ title: "Certification · Hearth" }];

const FIELDS = ["status", "level", "decidedOn", "expiresOn", "note"];

async function guard(request: Request, params: { org?: string; operator?: string; houseId?: string }) {
  const ctx = await requireOrg(request, params.org);
  if (ctx.org.kind !== "certifier") notFound(NOT_FOUND.house);
  return { ctx, operator: operatorParam(params), houseId: houseIdParam(params) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, operator, houseId } = await guard(request, params);
  const h = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierHouse(tx, operator, houseId)), NOT_FOUND.house);
  return certifierPage(ctx.org.slug, ctx.org.timeZone, h);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, operator, houseId } = await guard(request, params);
  // The grant first (404 without one that lets this body decide), then the form.
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireCertifierGrant(tx, operator, houseId, "certification")), NOT_FOUND.house);
  return runIntent(await request.formData(), {
    move: intent({
      schema: moveSchema,
      formId: "move",
      fields: FIELDS,
      run: async ({ intent: _intent, ...input }) => {
        const moved = await withTenant(ctx.tenant, (tx) => moveCertification(tx, operator, houseId, input));
        return `The certification is now: ${CERTIFICATION_STATUS_LABELS[moved.status].toLowerCase()}.`;
      },
    }),
  });
}

type Values = { status: string; level: string; decidedOn: string; expiresOn: string; note: string };
type MoveFormData = ReturnType<typeof certifierPage>["form"];

function MoveForm({ form: data, lastResult }: { form: MoveFormData; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<Values>({ id: "move", lastResult, constraint: data.constraint as FormConstraint, defaultValue: data.defaults });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value="move" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.status} label="Next status" options={data.statuses} />
      <SelectField field={fields.level} label="Level of support" options={data.levels} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.decidedOn} label="Decision date (optional)" type="date" hint="For a decision (certified, conditional, denied, revoked). Empty: today." />
        <Field field={fields.expiresOn} label="Expiry (optional)" type="date" hint="Certified or conditional only. Empty: a year after the decision." />
      </div>
      <TextareaField field={fields.note} label="Note (optional)" hint="The operator reads it in the history. Never write about residents." rows={3} />
      <Button type="submit">Save the new status</Button>
    </Form>
  );
}

export default function CertifierCertificationPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={`Certification: ${page.houseName}`}
        description={
          <>
            {`${page.place} · operated by `}
            <Link to={page.operatorHref}>{page.operatorName}</Link>
            {" · "}
            <Link to={page.inspectionsHref}>Inspections</Link>
          </>
        }
      />
      <PageNotices notice={actionData?.notice} error={null} />
      {page.certification ? <CertificationStatus c={page.certification} /> : <p>No certification has started for this house yet.</p>}
      {page.canWrite ? (
        <Card title={page.certification ? "Move to the next status" : "Start the certification"}>
          <MoveForm key={keyFor("move")} form={page.form} lastResult={actionData?.formId === "move" ? actionData.result : null} />
        </Card>
      ) : (
        <p className="text-sm text-muted">The operator's grant lets your organisation review this house, not decide its certification.</p>
      )}
    </div>
  );
}
