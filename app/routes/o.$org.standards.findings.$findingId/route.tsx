import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { formatBytes } from "#app/domain/files/files.server";
import { answerableFinding, operatorFinding } from "#app/domain/findings/operator.server";
import { UPLOAD_ACCEPT, UPLOAD_TYPES_TEXT, uploadMaxBytes } from "#app/lib/storage.server";
import type { FormConstraint } from "#app/ui/constraint";
import { FindingDetails, FindingHistory, FindingPlan } from "#app/ui/findings";
import { findingCard } from "#app/ui/findings.server";
import { useFormKeys } from "#app/ui/form-keys";
import { PageNotices } from "#app/ui/form";
import { orErrorPage, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { answerAction, answerConstraint } from "./forms.server";
import { AnswerForm } from "./parts";

/**
 * A finding as the operator sees it (ADR 053): what the certifying body found, the due date
 * (overdue flagged), the plan and evidence sent, the full history, and the form that answers
 * with a corrective action plan, a target date and a file — again after a reopen, or to revise
 * the plan before the body decides. Owners and admins, and the house's managers; 404 for
 * anyone else. Statements: signing in (3), the finding with evidence and history.
 */
export const meta: MetaFunction = () => [{ title: "Finding · Standards · Hearth" }];

const NOT_FOUND = "We couldn't find that finding.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const findingId = uuidParam(params.findingId, NOT_FOUND);
  const f = await orErrorPage(withTenant(ctx.tenant, (tx) => operatorFinding(tx, findingId)), NOT_FOUND);
  return {
    back: `/o/${ctx.org.slug}/standards/findings`,
    card: findingCard(f, ctx.org.timeZone, (fileId) => `/o/${ctx.org.slug}/files/${fileId}`),
    canAnswer: f.status !== "accepted",
    again: f.status !== "open",
    defaults: { plan: f.plan ?? "", planDueOn: f.planDueOn ?? "" },
    upload: { accept: UPLOAD_ACCEPT, hint: `${UPLOAD_TYPES_TEXT}, up to ${formatBytes(uploadMaxBytes())}.` },
    constraint: answerConstraint(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const findingId = uuidParam(params.findingId, NOT_FOUND);
  await orErrorPage(withTenant(ctx.tenant, (tx) => answerableFinding(tx, findingId)), NOT_FOUND);
  return answerAction(request, { tenant: ctx.tenant, orgId: ctx.org.id }, findingId);
}

export default function OperatorFindingPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`Finding: ${data.card.houseName}`} description={<>Raised by {data.card.certifierName}. <Link to={data.back}>All findings</Link></>} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, [data.canAnswer && "answer"])} />
      <FindingDetails f={data.card} />
      <FindingPlan f={data.card} />
      {data.canAnswer ? (
        <Card title={data.again ? "Answer again" : "Answer with a plan"}>
          <AnswerForm
            key={keyFor("answer")}
            constraint={data.constraint as FormConstraint}
            lastResult={actionData?.formId === "answer" ? actionData.result : null}
            defaults={data.defaults}
            upload={data.upload}
            again={data.again}
          />
        </Card>
      ) : (
        <p>The certifying body accepted the plan; the finding is closed.</p>
      )}
      <FindingHistory f={data.card} />
    </div>
  );
}
