import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { auditFilterOptions, listAuditEvents } from "#app/domain/audit/queries.server";
import { formatInZone, isoDate, startOfDayInZone } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { cursorParam, PAGE_SIZE } from "#app/lib/pagination";
import { Button } from "#app/ui/form";
import { EmptyState, PageHeader } from "#app/ui/page";
import { plain } from "#app/lib/fields";

export const meta: MetaFunction = () => [{ title: "Audit log · Hearth" }];

const filterSchema = z
  .object({
    actor: z.union([z.literal(""), z.uuid()]).optional(),
    action: plain(z.string().trim().max(80).optional()),
    from: z.union([z.literal(""), isoDate]).optional(),
    to: z.union([z.literal(""), isoDate]).optional(),
    cursor: cursorParam.optional(),
  })
  .strict();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audit:read");
  const url = new URL(request.url);
  const parsed = filterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) badRequest("Those filters aren't valid. Check the dates (YYYY-MM-DD) and try again.");
  const f = parsed.data;
  const tz = ctx.org.timeZone;
  const to = f.to ? new Date(startOfDayInZone(f.to, tz).getTime() + 24 * 60 * 60 * 1000) : undefined;
  const { page, options } = await withTenant(ctx.tenant, async (tx) => ({
    page: await listAuditEvents(tx, {
      actorId: f.actor || undefined,
      action: f.action || undefined,
      from: f.from ? startOfDayInZone(f.from, tz) : undefined,
      to,
      cursor: f.cursor,
      limit: PAGE_SIZE,
    }),
    options: await auditFilterOptions(tx),
  }));
  return {
    timeZone: tz,
    options,
    next: page.next,
    events: page.items.map((e) => ({
      id: e.id,
      at: formatInZone(e.created_at, tz),
      iso: e.created_at.toISOString(),
      actor: e.actor_name ?? "System",
      action: e.action,
      entity: e.entity_type ? `${e.entity_type}${e.entity_id ? ` ${e.entity_id.slice(0, 8)}` : ""}` : "",
      requestId: e.request_id,
      details: e.data && typeof e.data === "object" && Object.keys(e.data).length ? JSON.stringify(e.data) : "",
    })),
  };
}

export default function AuditLog() {
  const { events, options, next, timeZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set("cursor", next);
  return (
    <>
      <PageHeader title="Audit log" description={`Every change and sensitive view in this organisation. Times in ${timeZone}.`} />
      <Form method="get" className="mb-6 grid gap-3 rounded-lg border border-line bg-white p-4 sm:grid-cols-5 sm:items-end">
        <div>
          <label htmlFor="actor" className="mb-1 block font-medium">
            Person
          </label>
          <select id="actor" name="actor" defaultValue={params.get("actor") ?? ""} className="block w-full rounded-md border border-line bg-white px-3 py-2">
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
            Action
          </label>
          <select id="action" name="action" defaultValue={params.get("action") ?? ""} className="block w-full rounded-md border border-line bg-white px-3 py-2">
            <option value="">Any action</option>
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block font-medium">
            From
          </label>
          <input id="from" name="from" type="date" defaultValue={params.get("from") ?? ""} className="block w-full rounded-md border border-line bg-white px-3 py-2" />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block font-medium">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={params.get("to") ?? ""} className="block w-full rounded-md border border-line bg-white px-3 py-2" />
        </div>
        <Button type="submit">Filter</Button>
      </Form>
      {events.length === 0 ? (
        <EmptyState title="No events match these filters" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead className="bg-stone-100">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Who
                </th>
                <th scope="col" className="px-3 py-2">
                  Action
                </th>
                <th scope="col" className="px-3 py-2">
                  Record
                </th>
                <th scope="col" className="px-3 py-2">
                  Details
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className="border-t border-line align-top">
                  <td className="whitespace-nowrap px-3 py-2">
                    <time dateTime={e.iso}>{e.at}</time>
                  </td>
                  <td className="px-3 py-2">{e.actor}</td>
                  <td className="px-3 py-2 font-mono">{e.action}</td>
                  <td className="px-3 py-2">{e.entity}</td>
                  <td className="max-w-xs break-words px-3 py-2 font-mono text-xs text-muted">
                    {e.details}
                    {e.requestId ? <span className="block">req {e.requestId.slice(0, 8)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p className="mt-4">
          <Link to={`?${nextParams.toString()}`}>Older events</Link>
        </p>
      ) : null}
    </>
  );
}
