import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { config } from "#app/config.server";
import { withTenant } from "#app/db/tenant.server";
import { listDeadLetters, type DeadLetter } from "#app/domain/outbox/dead-letters.server";
import { formatDateTime } from "#app/lib/dates";
import { DataTable } from "#app/ui/data-table";
import { EmptyState, PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "Messages that could not be sent · Hearth" }];

type Row = Omit<DeadLetter, "queuedAt"> & { queuedAt: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const { items, total } = await withTenant(ctx.tenant, (tx) => listDeadLetters(tx, ctx.org.id));
  const rows: Row[] = items.map((m) => ({ ...m, queuedAt: formatDateTime(m.queuedAt, ctx.org.timeZone) }));
  return { slug: ctx.org.slug, rows, total, retentionDays: config().OUTBOX_RETENTION_DAYS };
}

export default function UndeliveredMessages() {
  const { slug, rows, total, retentionDays } = useLoaderData<typeof loader>();
  const RETENTION = `${retentionDays} day${retentionDays === 1 ? "" : "s"}`;
  return (
    <>
      <PageHeader
        title="Messages that could not be sent"
        description="Emails Hearth gave up on after the mail server refused them or kept failing. Addresses are shortened and message contents are not shown."
      />
      <div className="space-y-4">
        {rows.length === 0 ? (
          <EmptyState title="Every message was sent">
            When an email cannot be delivered (an invitation to a mistyped address, say), it appears here.
          </EmptyState>
        ) : (
          <>
            <p>
              Hearth keeps no copy of a message it could not send: its links would still work. To send it again, start
              it again — invite the person again from the <Link to={`/o/${slug}/members`}>Team</Link> page, or ask them
              to request a new password link. Messages are removed from this list {RETENTION} after they failed.
            </p>
            {total > rows.length ? (
              <p className="text-muted">
                Showing the {rows.length} most recent of {total}.
              </p>
            ) : null}
            <DataTable
              caption="Messages that could not be sent"
              rows={rows}
              rowKey={(m) => String(m.id)}
              columns={[
                { header: "Message", rowHeader: true, cell: (m: Row) => m.purpose },
                { header: "To", className: "break-all", cell: (m: Row) => m.recipient },
                { header: "Queued", cell: (m: Row) => m.queuedAt },
                { header: "Tries", numeric: true, cell: (m: Row) => m.attempts },
                {
                  header: "Mail server's answer",
                  className: "break-words",
                  cell: (m: Row) => (m.lastError ? <span className="font-mono text-xs">{m.lastError.slice(0, 200)}</span> : "—"),
                },
              ]}
            />
          </>
        )}
        <p>
          <Link to={`/o/${slug}/settings`} className="underline">
            Back to settings
          </Link>
        </p>
      </div>
    </>
  );
}
