import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { actorName, describeEvent, type Part } from "#app/domain/audit/describe";
import { auditFilterOptions, listAuditEvents, resolveSubjects } from "#app/domain/audit/queries.server";
import { formatInZone } from "#app/lib/dates";
import { PAGE_SIZE } from "#app/lib/pagination";
import { DataTable } from "#app/ui/data-table";
import { Button } from "#app/ui/form";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { auditFilterFrom } from "./o.$org.audit.helpers.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audit:read");
  const filter = auditFilterFrom(ctx, new URL(request.url), PAGE_SIZE);
  const tz = ctx.org.timeZone;
  // Three statements whatever the page's length: events, the names they mention, the people filter.
  const { page, subjects, options } = await withTenant(ctx.tenant, async (tx) => {
    const page = await listAuditEvents(tx, filter);
    const subjects = await resolveSubjects(tx, page.items);
    const options = await auditFilterOptions(tx);
    return { page, subjects, options };
  });
  return {
    timeZone: tz,
    options,
    next: page.next,
    record: filter.recordId ?? null,
    events: page.items.map((e) => ({
      id: String(e.id),
      at: formatInZone(e.created_at, tz),
      iso: e.created_at.toISOString(),
      actor: actorName(e),
      sentence: describeEvent(e, subjects).filter((p) => p !== ""),
      record: e.entity_id && /^[0-9a-f-]{36}$/i.test(e.entity_id) && e.entity_type !== "user" ? e.entity_id : null,
      requestId: e.request_id,
    })),
  };
}

type Event = SerializeFrom<typeof loader>["events"][number];

function Sentence({ parts, base }: { parts: Part[]; base: string }) {
  return (
    <>
      {parts.map((p, i) => (typeof p === "string" ? <span key={i}>{p}</span> : <Link key={i} to={`${base}/${p.to}`}>{p.text}</Link>))}
    </>
  );
}

const controlClass = "block w-full rounded-md border border-line bg-white px-3 py-2";

export default function AuditLog() {
  const { events, options, next, timeZone, record } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/o/${useParams().org}`;
  const exportParams = new URLSearchParams(params);
  exportParams.delete("cursor");
  const exportQuery = exportParams.toString();
  const withoutRecord = new URLSearchParams(params);
  withoutRecord.delete("record");
  withoutRecord.delete("cursor");
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Who did what, and who looked at which records, in this organisation. Times in ${timeZone}.`}
        actions={
          <a href={`${base}/audit.csv${exportQuery ? `?${exportQuery}` : ""}`} download className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-4 font-medium text-ink no-underline hover:bg-stone-100">
            Download CSV
          </a>
        }
      />
      <Form method="get" className="mb-6 grid gap-3 rounded-lg border border-line bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
        {record ? <input type="hidden" name="record" value={record} /> : null}
        <div>
          <label htmlFor="actor" className="mb-1 block font-medium">
            Person
          </label>
          <select id="actor" name="actor" defaultValue={params.get("actor") ?? ""} className={controlClass}>
            <option value="">Anyone</option>
            {options.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="action" className="mb-1 block font-medium">
            What happened
          </label>
          <select id="action" name="action" defaultValue={params.get("action") ?? ""} className={controlClass}>
            <option value="">Anything</option>
            {options.actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block font-medium">
            From
          </label>
          <input id="from" name="from" type="date" defaultValue={params.get("from") ?? ""} className={controlClass} />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block font-medium">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={params.get("to") ?? ""} className={controlClass} />
        </div>
        <Button type="submit">Filter</Button>
      </Form>
      {record ? (
        <p className="mb-4">
          Showing the history of one record. <Link to={`?${withoutRecord.toString()}`}>Show all records</Link>
        </p>
      ) : null}
      {events.length === 0 ? (
        <EmptyState title="No events match these filters" />
      ) : (
        <DataTable
          caption="Audit events, newest first"
          rows={events}
          rowKey={(e) => e.id}
          columns={[
            { header: "When", className: "sm:whitespace-nowrap", cell: (e: Event) => <time dateTime={e.iso}>{e.at}</time> },
            {
              header: "What happened",
              rowHeader: true,
              className: "font-normal",
              cell: (e: Event) => (
                <>
                  <span className="font-medium">{e.actor}</span> <Sentence parts={e.sentence} base={base} />
                </>
              ),
            },
            {
              header: "Record history",
              cell: (e: Event) =>
                e.record && e.record !== record ? (
                  <Link to={`?${new URLSearchParams({ record: e.record }).toString()}`}>
                    History<span className="sr-only"> of this record</span>
                  </Link>
                ) : (
                  <span className="text-muted">—</span>
                ),
            },
            {
              header: "Reference",
              className: "font-mono text-xs text-muted",
              cell: (e: Event) => (e.requestId ? <span title="Request id">req {e.requestId.slice(0, 8)}</span> : "—"),
            },
          ]}
        />
      )}
      <Pager next={next} nextLabel="Older events" startLabel={null} />
    </>
  );
}
