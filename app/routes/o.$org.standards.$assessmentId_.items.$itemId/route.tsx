import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { formatBytes } from "#app/domain/files/files.server";
import { evidenceResidentOptions, getAssessmentItem } from "#app/domain/standards/assessments.server";
import { INFORMATION } from "#app/domain/consents/labels";
import { automaticEvidence } from "#app/domain/standards/evidence.server";
import { ANSWER_LABELS, APPLICABILITY_LABELS, EVIDENCE_INFORMATION_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { UPLOAD_ACCEPT, UPLOAD_TYPES_TEXT, uploadMaxBytes } from "#app/lib/storage.server";
import { formConstraint } from "#app/ui/constraint";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { BodyThread } from "#app/ui/threads";
import { bodyThreadViews, operatorCommentConstraint } from "#app/ui/review.server";
import { evidenceAction, linkSchema, uploadSchema } from "./forms.server";
import { LinkForm, RemoveEvidence, UploadForm } from "./parts";

/**
 * One item of a self-assessment and its evidence (ADR 047): the item's guidance, what Hearth
 * knows from operations, the files and links attached, and the forms that add more — an
 * upload (type from the bytes, size-limited, served as a download; ADR 044) or a link to a
 * record in Hearth. Locked once the assessment is submitted; then the certifying bodies'
 * review threads on the item show, with the form that answers each (ADR 053).
 */
export const meta: MetaFunction = () => [{ title: "Self-assessment item · Hearth" }];

const NOT_FOUND = "We couldn't find that item.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const assessmentId = uuidParam(params.assessmentId, NOT_FOUND);
  const itemId = uuidParam(params.itemId, NOT_FOUND);
  const found = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const item = await getAssessmentItem(tx, assessmentId, itemId);
      const auto = item.autoCheck ? (await automaticEvidence(tx, item.assessment.houseId, ctx.org.slug))[item.autoCheck] : null;
      const residents = item.assessment.status === "draft" ? await evidenceResidentOptions(tx, item.assessment.houseId) : [];
      return { item, auto, residents };
    }),
    NOT_FOUND,
  );
  const { item, auto, residents } = found;
  return {
    orgSlug: ctx.org.slug,
    back: `/o/${ctx.org.slug}/standards/${assessmentId}`,
    place: item.assessment.houseName ?? "Whole organisation",
    code: item.code, text: item.text, guidance: item.guidance, evidenceHint: item.evidenceHint,
    section: `${item.sectionNumber}. ${item.sectionTitle}`,
    requirementLabel: APPLICABILITY_LABELS[item.requirement],
    answerLabel: item.answer ? ANSWER_LABELS[item.answer] : "Not answered yet",
    notes: item.notes,
    draft: item.assessment.status === "draft",
    auto: auto ? { ...auto, computed: formatDay(auto.computedOn) } : null,
    suggestedLink: auto?.href ?? null,
    evidence: item.evidence.map((e) => ({
      id: e.id, label: e.label, href: e.fileId ? `/o/${ctx.org.slug}/files/${e.fileId}` : e.linkPath!, kind: e.fileId ? "File" : "Link",
      shared: e.sharedInformation ? `About ${e.sharedResident ?? "a resident"}: shown to a certifier only under their consent (${EVIDENCE_INFORMATION_LABELS[e.sharedInformation]}).` : null,
    })),
    sharing: {
      residents: residents.map((r) => ({ value: r.id, label: r.name })),
      information: INFORMATION.map((i) => ({ value: i, label: EVIDENCE_INFORMATION_LABELS[i] })),
    },
    upload: { accept: UPLOAD_ACCEPT, hint: `${UPLOAD_TYPES_TEXT}, up to ${formatBytes(uploadMaxBytes())}.` },
    constraints: { upload: formConstraint(uploadSchema), link: formConstraint(linkSchema), reply: operatorCommentConstraint() },
    itemId: item.id,
    threads: bodyThreadViews(item.thread, item.openBodies, ctx.org.timeZone),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const assessmentId = uuidParam(params.assessmentId, NOT_FOUND);
  const itemId = uuidParam(params.itemId, NOT_FOUND);
  await orErrorPage(withTenant(ctx.tenant, (tx) => getAssessmentItem(tx, assessmentId, itemId)), NOT_FOUND);
  return evidenceAction(request, { tenant: ctx.tenant, orgId: ctx.org.id, orgSlug: ctx.org.slug }, assessmentId, itemId);
}

export type ItemData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AssessmentItemPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const pageError = pageErrorOf(actionData, data.draft ? ["upload", "link"] : data.threads.map((t) => `reply-${data.itemId}-${t.certifierOrgId}`));
  return (
    <div className="space-y-6">
      <PageHeader title={`Item ${data.code}`} description={`${data.place} · ${data.section}`} />
      <p><Link className="font-medium text-brand-700 underline underline-offset-2" to={data.back}>Back to the self-assessment</Link></p>
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      <Card title="The item">
        <p>{data.text}</p>
        <p className="mt-2 text-sm"><span className="font-medium">{data.requirementLabel}.</span> {data.guidance}</p>
        {data.evidenceHint ? <p className="mt-1 text-sm text-muted">Evidence: {data.evidenceHint}</p> : null}
        <p className="mt-2 text-sm"><span className="font-medium">Answer:</span> {data.answerLabel}{data.notes ? ` — ${data.notes}` : ""}</p>
      </Card>
      {data.auto ? (
        <Card title="From Hearth's records">
          <p>{data.auto.text}</p>
          <p className="mt-1 text-sm text-muted">Computed {data.auto.computed}.</p>
          {data.auto.href ? <p className="mt-1"><Link className="underline underline-offset-2" to={data.auto.href}>See the records</Link></p> : null}
        </Card>
      ) : null}
      <Card title="Evidence attached">
        {data.evidence.length ? (
          <ul className="space-y-2">
            {data.evidence.map((e) => (
              <li key={e.id}>
                {e.kind}: {e.kind === "File" ? <a className="underline underline-offset-2" href={e.href}>{e.label}</a> : <Link className="underline underline-offset-2" to={e.href}>{e.label}</Link>}
                {data.draft ? <RemoveEvidence id={e.id} label={e.label} /> : null}
                {e.shared ? <p className="text-sm text-muted">{e.shared}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No evidence yet">Upload a file or link a record below.</EmptyState>
        )}
      </Card>
      {data.threads.length ? (
        <Card title="Review">
          {data.threads.map((t) => <BodyThread key={t.certifierOrgId} itemId={data.itemId} code={data.code} thread={t} constraint={data.constraints.reply} actionData={actionData} />)}
        </Card>
      ) : null}
      {data.draft ? <UploadForm data={data} actionData={actionData} /> : <p>The self-assessment was submitted; evidence can no longer change.</p>}
      {data.draft ? <LinkForm data={data} actionData={actionData} /> : null}
    </div>
  );
}
