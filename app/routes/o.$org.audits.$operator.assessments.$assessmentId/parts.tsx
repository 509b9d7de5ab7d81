import { Link } from "@remix-run/react";
import type { FormActionData } from "#app/ui/forms.server";
import { AwaitingBadge, Thread, ThreadForm } from "#app/ui/threads";
import type { CertifierAssessmentData } from "./route";

type Item = CertifierAssessmentData["items"][number];

/** One item as the certifier reads it: the operator's answer, notes, evidence, and this body's review thread. */
export function CertifierItem({ item: i, data, actionData }: { item: Item; data: CertifierAssessmentData; actionData?: FormActionData }) {
  const formId = `comment-${i.id}`;
  return (
    <li className="rounded-lg border border-line bg-white p-4" id={`item-${i.code}`}>
      <h3 className="font-medium">
        <span className="font-mono text-sm">{i.code}</span> {i.text}
        {i.open ? <AwaitingBadge>Awaiting the operator's answer</AwaitingBadge> : null}
      </h3>
      <p className="mt-1 text-sm text-muted">{i.requirement}</p>
      <p className="mt-2"><span className="font-medium">Answer:</span> {i.answer}</p>
      {i.notes ? <p className="mt-1 text-sm">{i.notes}</p> : null}
      {i.auto ? (
        <p className="mt-2 text-sm">
          <span className="font-medium">{i.auto.ok ? "From records: looks met." : "From records: needs a look."}</span> {i.auto.text}{" "}
          <span className="text-muted">(computed {i.auto.computed})</span>
        </p>
      ) : null}
      {i.evidence.length || i.withheld ? (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {i.evidence.map((e) => (
            <li key={e.id}>
              {e.href ? <a href={e.href} download>{e.label}<span className="sr-only"> (download)</span></a> : <>{e.label} <span className="text-muted">(a record in the operator's Hearth)</span></>}
              {e.consented ? <span className="text-muted"> · about a resident, shared with their consent</span> : null}
            </li>
          ))}
          {i.withheld ? (
            <li className="text-muted">
              {i.withheld === 1 ? "Evidence about a resident — not shared" : `${i.withheld} pieces of evidence about residents — not shared`}
            </li>
          ) : null}
        </ul>
      ) : null}
      {i.raise ? <RaiseLink code={i.code} href={i.raise} /> : null}
      <section className="mt-3 border-t border-line pt-3" aria-label={`Review of ${i.code}`}>
        <h4 className="mb-2 text-sm font-semibold">Review</h4>
        <Thread entries={i.thread} label={`Review thread on ${i.code}`} />
        <ThreadForm
          key={`${formId}-${i.thread.length}`}
          formId={formId}
          hidden={{ intent: "comment", itemId: i.id }}
          label={`Your comment on ${i.code}`}
          constraint={data.constraint}
          actionData={actionData}
          choices={[{ value: "comment", label: "Add comment", primary: true }, { value: "clarification", label: "Request clarification" }]}
        />
      </section>
    </li>
  );
}

/** The link that raises a finding on an item (ADR 053; the page answers 404 without a certification grant). */
function RaiseLink({ code, href }: { code: string; href: string }) {
  return <p className="mt-2 text-sm"><Link to={href}>Raise a finding<span className="sr-only"> on item {code}</span></Link></p>;
}
