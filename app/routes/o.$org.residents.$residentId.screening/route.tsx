import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listScreenings, recordScreening } from "#app/domain/plans/checkins.server";
import { getPlan } from "#app/domain/plans/plan.server";
import { NEED_ANSWER_LABELS, NEED_ANSWERS, NEED_QUESTIONS, ScreeningInput, SDOH_DOMAINS, SDOH_LABELS, suggestedCategories } from "#app/domain/plans/schemas";
import { SERVICE_CATEGORY_LABELS } from "#app/domain/services/categories";
import { formatDay, todayIn } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { FormErrors } from "#app/ui/choices";
import { Button, Field, FormMessage, PageNotices } from "#app/ui/form";
import { RadioGroupField } from "#app/ui/form-controls";
import { useFormKeys } from "#app/ui/form-keys";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";

/**
 * A resident's needs screening (ADR 041), asked with them by the staff of their house: one
 * question per need on the Healthy People 2030 social determinants; "yes" answers suggest
 * directory categories. Each screening is kept with its day and who recorded it.
 */
export const meta: MetaFunction = () => [{ title: "Needs screening · Hearth" }];

const screeningSchema = ScreeningInput.extend({ intent: z.literal("screening") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const { plan, screenings } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({ plan: await getPlan(tx, { residentId }), screenings: await listScreenings(tx, residentId) })),
    NOT_FOUND.resident,
  );
  const org = `/o/${ctx.org.slug}`;
  return {
    base: `${org}/residents/${residentId}`,
    name: plan.name,
    today: plan.today ?? todayIn(ctx.org.timeZone),
    groups: SDOH_DOMAINS.map((d) => ({ label: SDOH_LABELS[d], questions: NEED_QUESTIONS.filter((q) => q.domain === d).map((q) => ({ code: q.code, question: q.question })) })),
    answers: NEED_ANSWERS.map((a) => ({ value: a, label: NEED_ANSWER_LABELS[a] })),
    screenings: screenings.map((s) => ({
      id: s.id,
      day: formatDay(s.answeredOn),
      by: s.answeredBy ?? "A former team member",
      needs: s.needs.map((c) => NEED_QUESTIONS.find((q) => q.code === c)!.question),
      declined: s.declined.length,
      suggestions: suggestedCategories(s.needs).map((c) => ({ code: c, label: SERVICE_CATEGORY_LABELS[c], to: `${org}/services?category=${c}` })),
    })),
    constraint: formConstraint(screeningSchema),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  return runIntent(await request.formData(), {
    screening: intent({
      schema: screeningSchema,
      formId: "screening",
      fields: ["answeredOn", ...NEED_QUESTIONS.map((q) => q.code)],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(ctx.tenant, (tx) => recordScreening(tx, residentId, input));
        return r.needs.length ? `Screening saved: ${r.needs.length} need${r.needs.length === 1 ? "" : "s"} to follow up.` : "Screening saved: no needs to follow up.";
      },
    }),
  });
}

export default function Screening() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const [form, fields] = useServerForm<Record<string, string>>({
    id: "screening",
    lastResult: actionData?.formId === "screening" ? actionData.result : null,
    constraint: data.constraint,
    defaultValue: { answeredOn: data.today },
  });
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`${data.name}: needs screening`} description="Ask together; the resident may choose not to answer any question." />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={`${data.base}/plan`}>Recovery plan</Link>
        <Link to={data.base}>Profile</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
      </PageNotices>
      {data.screenings.map((s, i) => (
        <Card key={s.id} title={`${i === 0 ? "Latest screening" : "Screening"}, ${s.day}`}>
          <p className="text-sm text-muted">{`Recorded by ${s.by}.${s.declined ? ` ${s.declined} question${s.declined === 1 ? "" : "s"} not answered.` : ""}`}</p>
          {s.needs.length ? (
            <ul className="mt-2 list-disc pl-5 text-sm">
              {s.needs.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm">No needs to follow up.</p>
          )}
          {s.suggestions.length ? (
            <p className="mt-2 text-sm">
              {"Services that may help: "}
              {s.suggestions.map((c, k) => (
                <span key={c.code}>
                  {k ? ", " : ""}
                  <Link to={c.to}>{c.label}</Link>
                </span>
              ))}
            </p>
          ) : null}
        </Card>
      ))}
      <Card title="New screening">
        <Form method="post" {...form.props} key={keyFor("screening")} className="space-y-4">
          <input type="hidden" name="intent" value="screening" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field field={fields.answeredOn!} label="Day asked" type="date" />
          {data.groups.map((g) => (
            <section key={g.label} className="space-y-3">
              <h3 className="font-semibold">{g.label}</h3>
              {g.questions.map((q) => (
                <RadioGroupField key={q.code} field={fields[q.code]!} legend={q.question} options={data.answers} />
              ))}
            </section>
          ))}
          <Button type="submit">Save the screening</Button>
        </Form>
      </Card>
    </div>
  );
}
