import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { RadioGroupField, TextareaField } from "#app/ui/form-controls";
import type { FormActionData } from "#app/ui/forms.server";
import { useServerForm } from "#app/ui/server-form";

/**
 * The recovery plan's pieces, shared by the resident's page and the staff's (ADR 041): the
 * goals by dimension with their steps, the forms (checked on the server, no JavaScript
 * needed), the history, and the check-in trend as an SVG with its numbers in a table.
 */
type ActionData = FormActionData | undefined;
type Option = { value: string; label: string };
const resultOf = (actionData: ActionData, formId: string) => (actionData?.formId === formId ? actionData.result : null);

export type GoalView = {
  id: string;
  dimension: string;
  dimensionLabel: string;
  title: string;
  target: string | null;
  status: string;
  statusLabel: string;
  proposedByResident: boolean;
  steps: { id: string; body: string; target: string | null; targetOn: string | null; done: string | null; status: string; statusLabel: string }[];
  /** Referrals linked to the goal: the service, the referral's status in words, where it opens. */
  referrals: { id: string; service: string; status: string; href: string }[];
};

export function GoalList({ goals, dimensions, actions }: { goals: GoalView[]; dimensions: Option[]; actions: (g: GoalView) => ReactNode }) {
  return (
    <>
      {dimensions.map((d) => {
        const mine = goals.filter((g) => g.dimension === d.value);
        return (
          <section key={d.value} aria-labelledby={`dim-${d.value}`} className="rounded-lg border border-line bg-white p-4">
            <h2 id={`dim-${d.value}`} className="text-lg font-semibold">
              {d.label}
            </h2>
            {mine.length === 0 ? <p className="text-sm text-muted">No goals here yet.</p> : null}
            <ul className="space-y-4">
              {mine.map((g) => (
                <li key={g.id} className="border-t border-line pt-3 first:border-0 first:pt-0">
                  <h3 className="font-medium break-words">{g.title}</h3>
                  <p className="text-sm text-muted">
                    {g.statusLabel}
                    {g.proposedByResident ? " · proposed by the resident" : ""}
                    {g.target ? ` · by ${g.target}` : ""}
                  </p>
                  {g.steps.length ? (
                    <ul className="mt-2 space-y-1 text-sm">
                      {g.steps.map((s) => (
                        <li key={s.id} className="break-words">
                          {s.status !== "active" ? `${s.statusLabel}: ` : s.done ? `Done ${s.done}: ` : "To do: "}
                          {s.body}
                          {s.target && !s.done ? ` (by ${s.target})` : ""}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {g.referrals.length ? (
                    <div className="mt-2 text-sm">
                      <h4 className="font-medium">Referrals for this goal</h4>
                      <ul className="space-y-1">
                        {g.referrals.map((r) => (
                          <li key={r.id} className="break-words">
                            <Link to={r.href}>{r.service}</Link> · {r.status}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  <div className="mt-2 space-y-2">{actions(g)}</div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

export function GoalForm({ actionData, constraint, dimensions, submitLabel }: { actionData: ActionData; constraint: FormConstraint; dimensions: Option[]; submitLabel: string }) {
  const [form, fields] = useServerForm<{ dimension: string; title: string; targetOn: string }>({ id: "goal", lastResult: resultOf(actionData, "goal"), constraint, defaultValue: { dimension: "", title: "", targetOn: "" } });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="goal" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.dimension} label="Dimension" placeholder="Choose…" options={dimensions} />
      <Field field={fields.title} label="Goal" inputProps={{ autoComplete: "off", maxLength: 200 }} />
      <Field field={fields.targetOn} label="Target date (optional)" type="date" />
      <Button type="submit">{submitLabel}</Button>
    </Form>
  );
}

export function StepForm({
  actionData,
  constraint,
  goalId,
  propose = false,
}: {
  actionData: ActionData;
  constraint: FormConstraint;
  goalId: string;
  /** The resident's form: their step is a proposal. */
  propose?: boolean;
}) {
  const id = `step-${goalId}`;
  const [form, fields] = useServerForm<{ body: string; targetOn: string }>({ id, lastResult: resultOf(actionData, id), constraint, defaultValue: { body: "", targetOn: "" } });
  return (
    <details open={Boolean(form.errors || fields.body.errors || fields.targetOn.errors)}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">{propose ? "Propose a step" : "Add a step"}</summary>
      <Form method="post" {...form.props} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="step" />
        <input type="hidden" name="goalId" value={goalId} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.body} label="Step" inputProps={{ autoComplete: "off", maxLength: 200 }} />
        <Field field={fields.targetOn} label="Target date (optional)" type="date" />
        <Button type="submit" variant="secondary">
          {propose ? "Propose the step" : "Add the step"}
        </Button>
      </Form>
    </details>
  );
}

export function CommentForm({ actionData, constraint, goalId, label }: { actionData: ActionData; constraint: FormConstraint; goalId: string; label: string }) {
  const id = `comment-${goalId || "plan"}`;
  const [form, fields] = useServerForm<{ body: string }>({ id, lastResult: resultOf(actionData, id), constraint, defaultValue: { body: "" } });
  return (
    <details open={Boolean(form.errors || fields.body.errors)}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">{label}</summary>
      <Form method="post" {...form.props} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="goalId" value={goalId} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField field={fields.body} label="Comment" rows={3} />
        <Button type="submit" variant="secondary">
          Add the comment
        </Button>
      </Form>
    </details>
  );
}

/**
 * Staff review a step the resident proposed (ADR 052): the words and date, which they may change,
 * then add it to the plan, or not for now (respectful wording; it stays in the history).
 */
export function StepReview({ actionData, constraint, step }: { actionData: ActionData; constraint: FormConstraint; step: GoalView["steps"][number] }) {
  const id = `review-${step.id}`;
  const [form, fields] = useServerForm<{ body: string; targetOn: string }>({
    id,
    lastResult: resultOf(actionData, id),
    constraint,
    defaultValue: { body: step.body, targetOn: step.targetOn ?? "" },
  });
  return (
    <fieldset className="rounded-md border border-line p-2">
      <legend className="px-1 text-sm font-medium">The resident proposed a step</legend>
      <Form method="post" {...form.props} className="space-y-2">
        <input type="hidden" name="intent" value="review-step" />
        <input type="hidden" name="stepId" value={step.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.body} label="Step (change the words if you agreed on others)" inputProps={{ autoComplete: "off", maxLength: 200 }} />
        <Field field={fields.targetOn} label="Target date (optional)" type="date" />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="decision" value="accept" variant="secondary">
            Add it to the plan
          </Button>
          <Button type="submit" name="decision" value="decline" variant="secondary">
            Not for now
          </Button>
        </div>
      </Form>
    </fieldset>
  );
}

/** One button per step on the plan: mark it done, or not done again. */
export function StepButtons({ goal }: { goal: GoalView }) {
  return (
    <>
      {goal.steps.filter((s) => s.status === "active").map((s) => (
        <Form key={s.id} method="post" className="inline-block mr-2">
          <input type="hidden" name="intent" value="step-done" />
          <input type="hidden" name="stepId" value={s.id} />
          <input type="hidden" name="done" value={s.done ? "no" : "yes"} />
          <Button type="submit" variant="secondary">
            {s.done ? "Not done yet" : "Mark done"}
            <span className="sr-only">: {s.body}</span>
          </Button>
        </Form>
      ))}
    </>
  );
}

export function StatusButton({ goalId, status, label, title }: { goalId: string; status: string; label: string; title: string }) {
  return (
    <Form method="post" className="inline-block mr-2">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="goalId" value={goalId} />
      <input type="hidden" name="status" value={status} />
      <Button type="submit" variant="secondary">
        {label}
        <span className="sr-only">: {title}</span>
      </Button>
    </Form>
  );
}

export type EventView = { id: string; at: string; text: string; body: string | null };

export function Timeline({ events }: { events: EventView[] }) {
  if (!events.length) return <p className="text-sm text-muted">Nothing yet.</p>;
  return (
    <ol className="space-y-2 border-l-2 border-line pl-4">
      {events.map((e) => (
        <li key={e.id} className="text-sm">
          <p>
            <span className="text-muted">{e.at}: </span>
            {e.text}
          </p>
          {e.body ? <p className="mt-1 whitespace-pre-wrap break-words rounded bg-stone-50 p-2">{e.body}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function CheckinForm({
  actionData,
  constraint,
  statements,
  scale,
  paper,
}: {
  actionData: ActionData;
  constraint: FormConstraint;
  statements: string[];
  scale: Option[];
  /** Staff entering answers the resident gave on paper: the day they answered (up to `today`). */
  paper?: { today: string };
}) {
  const id = paper ? "paper-checkin" : "checkin";
  const [form, fields] = useServerForm<Record<string, string>>({ id, lastResult: resultOf(actionData, id), constraint, defaultValue: paper ? { takenOn: paper.today } : undefined });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value={id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      {paper ? <Field field={fields.takenOn!} label="Day the resident answered" type="date" inputProps={{ max: paper.today }} /> : null}
      {statements.map((text, i) => (
        <RadioGroupField key={i} field={fields[`s${i + 1}`]!} legend={`${i + 1}. ${text}`} options={scale} />
      ))}
      <Button type="submit">{paper ? "Record the paper check-in" : "Save my check-in"}</Button>
    </Form>
  );
}

/** `paper`: answers given on paper and entered by staff. */
export type TrendRow = { day: string; paper?: boolean; values: Record<string, number> };

/** The trend of each dimension (1–6) over the check-ins, drawn on the server; the table says the same. */
export function Trend({ rows, dimensions }: { rows: TrendRow[]; dimensions: Option[] }) {
  if (!rows.length) return <p className="text-sm text-muted">No check-ins yet.</p>;
  const w = 340;
  const h = 180;
  const pad = 24;
  const x = (i: number) => (rows.length === 1 ? w / 2 : pad + (i * (w - 2 * pad)) / (rows.length - 1));
  const y = (v: number) => h - pad - ((v - 1) * (h - 2 * pad)) / 5;
  const colours = ["#0f766e", "#b45309", "#4338ca", "#be185d"];
  const dashes = ["", "6 3", "2 3", "8 3 2 3"];
  return (
    <div className="space-y-3">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby="trend-title" className="w-full max-w-[340px]">
        <title id="trend-title">Check-in scores by dimension over time; the numbers are in the table below.</title>
        {[1, 2, 3, 4, 5, 6].map((v) => (
          <g key={v}>
            <line x1={pad} x2={w - pad / 2} y1={y(v)} y2={y(v)} stroke="#e7e5e4" />
            <text x={4} y={y(v) + 4} fontSize="10" fill="#57534e">
              {v}
            </text>
          </g>
        ))}
        {dimensions.map((d, k) => (
          <polyline
            key={d.value}
            fill="none"
            stroke={colours[k]}
            strokeWidth="2"
            strokeDasharray={dashes[k]}
            points={rows.map((r, i) => `${x(i).toFixed(1)},${y(r.values[d.value] ?? 1).toFixed(1)}`).join(" ")}
          />
        ))}
      </svg>
      <ul className="flex flex-wrap gap-3 text-sm">
        {dimensions.map((d, k) => (
          <li key={d.value} className="flex items-center gap-1">
            <svg width="24" height="8" aria-hidden="true">
              <line x1="0" x2="24" y1="4" y2="4" stroke={colours[k]} strokeWidth="2" strokeDasharray={dashes[k]} />
            </svg>
            {d.label}
          </li>
        ))}
      </ul>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-left font-medium">Scores by dimension (1 to 6)</caption>
          <thead>
            <tr>
              <th scope="col" className="text-left">
                Day
              </th>
              {dimensions.map((d) => (
                <th key={d.value} scope="col" className="text-right">
                  {d.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.day}-${rows.indexOf(r)}`}>
                <th scope="row" className="text-left font-normal">
                  {r.day}
                  {r.paper ? <span className="block text-xs text-muted">On paper, entered by staff</span> : null}
                </th>
                {dimensions.map((d) => (
                  <td key={d.value} className="text-right tabular-nums">
                    {r.values[d.value]?.toFixed(1) ?? "—"}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
