import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierFinding, requireFindingWriter } from "#app/domain/findings/certifier.server";
import { FINDING_SEVERITIES, SEVERITY_LABELS } from "#app/domain/findings/labels";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import type { FormConstraint } from "#app/ui/constraint";
import { FindingDetails, FindingHistory, FindingPlan } from "#app/ui/findings";
import { findingCard } from "#app/ui/findings.server";
import { takeFlash } from "#app/ui/flash.server";
import { useFormKeys } from "#app/ui/form-keys";
import { PageNotices } from "#app/ui/form";
import { orErrorPage, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { constraints, findingAction } from "./intents.server";
import { DecideForm, EditForm } from "./parts";

/**
 * A finding as its certifying body sees it (ADR 053): the finding, the operator's plan,
 * target date and evidence (downloads), the full history, and — under a certification grant —
 * the forms to accept or reopen a responded finding and to change severity, summary and due
 * date until it is accepted. No active grant → 404. Statements: signing in (3), the operator,
 * the finding with evidence and history, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Finding · Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const findingId = uuidParam(params.findingId, NO_ACCESS);
  const { operator, finding: f } = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierFinding(tx, slug, findingId)), NO_ACCESS);
  const { flash, headers } = takeFlash(request, ["raised"]);
  const base = `/o/${ctx.org.slug}/audits/${operator.slug}`;
  return data(
    {
      raised: flash === "raised",
      back: `${base}/findings`,
      operatorName: operator.name,
      card: findingCard(f, ctx.org.timeZone, (fileId) => `${base}/files/${fileId}`),
      canDecide: f.canDecide && f.status === "responded",
      canEdit: f.canDecide && f.status !== "accepted",
      constraints: constraints(),
      severities: FINDING_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
      editDefaults: { severity: f.severity, summary: f.summary, dueOn: f.dueOn, note: "" },
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const findingId = uuidParam(params.findingId, NO_ACCESS);
  // A grant with the certification scope covering the finding's house first: 404 otherwise.
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireFindingWriter(tx, slug, findingId)), NO_ACCESS);
  return findingAction(await request.formData(), ctx.tenant, slug, findingId);
}

export default function CertifierFindingPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const result = (id: string) => (actionData?.formId === id ? actionData.result : null);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`Finding: ${data.card.houseName}`} description={<>{data.operatorName}. <Link to={data.back}>All findings</Link></>} />
      <PageNotices notice={actionData?.notice ?? (data.raised ? "Finding raised. The operator's owners and administrators were told by email." : null)} error={pageErrorOf(actionData, [data.canDecide && "decide", data.canEdit && "edit"])} />
      <FindingDetails f={data.card} />
      <FindingPlan f={data.card} />
      {data.canDecide ? (
        <Card title="Review the plan">
          <DecideForm key={keyFor("decide")} constraint={data.constraints.decide as FormConstraint} lastResult={result("decide")} />
        </Card>
      ) : null}
      {data.canEdit ? (
        <Card title="Change the finding">
          <EditForm key={keyFor("edit")} constraint={data.constraints.edit as FormConstraint} lastResult={result("edit")} defaults={data.editDefaults} severities={data.severities} />
        </Card>
      ) : null}
      <FindingHistory f={data.card} />
    </div>
  );
}
