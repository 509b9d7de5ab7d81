import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as json, Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { getAssessment, progressByDomain, requireAssessment } from "#app/domain/standards/assessments.server";
import { automaticEvidence } from "#app/domain/standards/evidence.server";
import { ANSWER_LABELS, ANSWERS, APPLICABILITY_LABELS, LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { takeFlash } from "#app/ui/flash.server";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { ProgressBar } from "#app/ui/standards";
import { awaitingWords } from "#app/domain/review/labels";
import { bodyThreadViews, operatorCommentConstraint } from "#app/ui/review.server";
import { answerSchema, assessmentAction } from "./forms.server";
import { ItemCard } from "./parts";

/**
 * One self-assessment (issue 13, capability 4; ADR 047), phone-first: progress per domain,
 * then every applicable item with its answer, automatic evidence from operations, a link to
 * its evidence, and its own small answer form (no JavaScript needed). Submitting locks it.
 * Statements: signing in (3), the assessment, its items with evidence, the automatic checks.
 */
export const meta: MetaFunction = () => [{ title: "Self-assessment · Hearth" }];

const NOT_FOUND = "We couldn't find that self-assessment.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const assessmentId = uuidParam(params.assessmentId, NOT_FOUND);
  const found = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const assessment = await getAssessment(tx, assessmentId);
      const auto = await automaticEvidence(tx, assessment.houseId, ctx.org.slug);
      return { assessment, auto };
    }),
    NOT_FOUND,
  );
  const { flash, headers } = takeFlash(request, ["started", "submitted"]);
  const a = found.assessment;
  const base = `/o/${ctx.org.slug}/standards/${a.id}`;
  const draft = a.status === "draft";
  return json(
    {
      flash,
      title: a.houseName ?? "Whole organisation",
      standardLabel: a.standardLabel,
      levelLabel: LEVEL_LABELS[a.level]!,
      submittedOn: a.submittedAt ? formatDay(a.submittedAt.toISOString().slice(0, 10)) : null,
      draft,
      canAnswer: draft,
      canSubmit: draft && can(ctx.role, "standards:submit"),
      progress: progressByDomain(a.items),
      answered: a.items.filter((i) => i.answer).length,
      answers: ANSWERS.map((v) => ({ value: v, label: ANSWER_LABELS[v] })),
      // Once per page, not per item (issue 15): each item's evidence link is `${base}/items/${id}`,
      // its requirement and answer are labelled from these.
      base,
      requirementLabels: APPLICABILITY_LABELS,
      constraint: formConstraint(answerSchema),
      replyConstraint: operatorCommentConstraint(),
      items: a.items.map((i) => {
        const auto = i.autoCheck ? found.auto[i.autoCheck] : null;
        return {
          id: i.id, code: i.code, domainCode: i.domainCode, text: i.text, notes: i.notes, answer: i.answer, requirement: i.requirement,
          evidenceCount: i.evidence.length,
          auto: auto ? { text: auto.text, href: auto.href, computed: formatDay(auto.computedOn) } : null,
          threads: bodyThreadViews(i.thread, i.openBodies, ctx.org.timeZone),
          awaiting: i.openBodies.length > 0,
        };
      }),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const assessmentId = uuidParam(params.assessmentId, NOT_FOUND);
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireAssessment(tx, assessmentId)), NOT_FOUND);
  const base = `/o/${ctx.org.slug}/standards/${assessmentId}`;
  return assessmentAction(request, { tenant: ctx.tenant, canSubmit: can(ctx.role, "standards:submit"), base, orgSlug: ctx.org.slug }, assessmentId);
}

export type AssessmentData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AssessmentPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const pageError = pageErrorOf(actionData, [
    ...data.items.map((i) => data.canAnswer && `answer-${i.id}`),
    ...data.items.flatMap((i) => i.threads.map((t) => `reply-${i.id}-${t.certifierOrgId}`)),
  ]);
  // Items awaiting the operator's answer come first (in their own list), the rest by domain.
  const awaiting = data.items.filter((i) => i.awaiting);
  const domains = data.progress.map((d) => ({ ...d, items: data.items.filter((i) => i.domainCode === d.code && !i.awaiting) }));
  const total = data.progress.reduce((n, d) => n + d.items, 0);
  const met = data.progress.reduce((n, d) => n + d.met, 0);
  return (
    <div className="space-y-6">
      <PageHeader title="Self-assessment" description={`${data.title} · ${data.standardLabel} · ${data.levelLabel}`} />
      <PageNotices notice={data.flash === "submitted" ? "Submitted for review. It can no longer change." : data.flash === "started" ? "Self-assessment started. Answer each item below." : null} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      <Card title="Progress">
        {data.draft ? null : <p className="mb-3 font-medium">Submitted for review on {data.submittedOn}. Answers and evidence are locked.</p>}
        <div className="space-y-2">
          <ProgressBar label="Met or not applicable" value={met} of={total} />
          {data.progress.map((d) => <ProgressBar key={d.code} label={`${d.code}. ${d.title}`} value={d.met} of={d.items} />)}
        </div>
        <p className="mt-3 text-sm text-muted">{data.answered} of {total} items answered.</p>
        {data.canSubmit ? (
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="submit" />
            <Button type="submit">Submit for review</Button>
          </Form>
        ) : null}
      </Card>
      {awaiting.length ? (
        <section aria-labelledby="awaiting" className="space-y-3">
          <h2 id="awaiting" className="text-lg font-semibold" data-testid="review-awaiting">{awaitingWords(awaiting.length, "your")}</h2>
          <p className="text-sm text-muted">A certifying body asked for clarification on these items. Answer each one below.</p>
          <ul className="space-y-3">
            {awaiting.map((i) => <ItemCard key={i.id} item={i} data={data} actionData={actionData} />)}
          </ul>
        </section>
      ) : null}
      {domains.filter((d) => d.items.length).map((d) => (
        <section key={d.code} aria-labelledby={`domain-${d.code}`} className="space-y-3">
          <h2 id={`domain-${d.code}`} className="text-lg font-semibold">{d.code}. {d.title}</h2>
          <ul className="space-y-3">
            {d.items.map((i) => <ItemCard key={i.id} item={i} data={data} actionData={actionData} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}
