import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { houseCertifications } from "#app/domain/certification/certification.server";
import { can } from "#app/domain/permissions";
import { CertificationStatus, type CertificationCardData } from "#app/ui/certification";
import { certificationCard } from "#app/ui/certification.server";
import type { FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, PageNotices } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import type { FormActionData } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { useServerForm } from "#app/ui/server-form";
import { appealAction, appealConstraint, findingCountText, inspectionCards } from "./o.$org.houses.$houseId.standards.helpers.server";
import { houseReviewSummary } from "#app/domain/inspections/inspections.server";
import { InspectionCards } from "#app/ui/inspections";
import { listAssessments } from "#app/domain/standards/assessments.server";
import { getHouse } from "#app/domain/houses/houses.server";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { AssessmentList, StartForm } from "#app/ui/standards";
import { assessmentRows, startFormData } from "#app/ui/standards.server";

/**
 * A house's Standards tab (ADR 047): its self-assessments with readiness per domain, and the
 * start form for this house (it posts to the organisation's Standards page); its
 * certifications (ADR 050) with status, level, expiry, certifying body and history, and for
 * owners and admins the appeal of a denial.
 */
export const meta: MetaFunction = () => [{ title: "Standards · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const houseId = houseIdParam(params);
  const found = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await getHouse(tx, houseId);
      const rows = await listAssessments(tx, { houseId });
      const certifications = await houseCertifications(tx, houseId);
      const { inspections, findings } = await houseReviewSummary(tx, houseId);
      return { house, rows, level: house.narrLevel, certifications, inspections, findings };
    }),
    NOT_FOUND.house,
  );
  const start = await startFormData(ctx.tenant, ctx.org.slug, { wholeOrg: false, houseId, level: found.level });
  return {
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    sections: houseSections(ctx.role),
    houseName: found.house.name,
    assessments: assessmentRows(ctx.org.slug, found.rows),
    start,
    certifications: found.certifications.map((c) => certificationCard(c, ctx.org.timeZone)),
    inspections: inspectionCards(found.inspections),
    canAppeal: can(ctx.role, "standards:submit"),
    findings: { href: `/o/${ctx.org.slug}/standards/findings?house=${houseId}`, text: findingCountText(found.findings) },
    appealConstraint: appealConstraint(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:submit");
  const houseId = houseIdParam(params);
  return appealAction(await request.formData(), ctx.tenant, houseId);
}

function AppealForm({ c, constraint, lastResult }: { c: CertificationCardData; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<{ note: string }>({ id: `appeal-${c.id}`, lastResult, constraint, defaultValue: { note: "" } });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="appeal" />
      <input type="hidden" name="certificationId" value={c.id} />
      <TextareaField field={fields.note} label="Why the decision should be reviewed (optional)" hint={`${c.certifierName} reads it in the history. Never write about residents.`} rows={3} />
      <Button type="submit">Request an appeal</Button>
    </Form>
  );
}

export default function HouseStandardsTab() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="space-y-6">
      <PageHeader title="Standards" description={`${data.houseName}. Self-assessments against the recovery-residence standard.`} />
      <HouseNav houseBase={data.houseBase} sections={data.sections} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, data.certifications.map((c) => c.status === "denied" && data.canAppeal && `appeal-${c.id}`))} />
      {data.certifications.map((c) => (
        <div key={c.id} className="space-y-3">
          <CertificationStatus c={c} />
          {c.status === "denied" && data.canAppeal ? (
            <AppealForm
              key={keyFor(`appeal-${c.id}`)}
              c={c}
              constraint={data.appealConstraint}
              lastResult={actionData?.formId === `appeal-${c.id}` ? actionData.result : null}
            />
          ) : null}
        </div>
      ))}
      <p data-testid="house-findings"><Link to={data.findings.href}>{data.findings.text}</Link></p>
      <InspectionCards cards={data.inspections} />
      <AssessmentList rows={data.assessments} />
      <StartForm data={data.start} />
    </div>
  );
}
