import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listDeadLetters, retryDeadLetter, type DeadLetter } from "#app/domain/outbox/dead-letters.server";
import { formatDateTime } from "#app/lib/dates";
import { DataTable } from "#app/ui/data-table";
import { Button, FormMessage } from "#app/ui/form";
import { intent, runIntent } from "#app/ui/forms.server";
import { EmptyState, PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "Messages that could not be sent · Hearth" }];

// Outbox ids are positive bigints; anything else is refused before the database sees it.
const retrySchema = z
  .object({
    intent: z.literal("retry"),
    id: z.coerce.number({ error: "That message could not be found." }).int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

type Row = Omit<DeadLetter, "queuedAt"> & { queuedAt: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const { items, total } = await withTenant(ctx.tenant, (tx) => listDeadLetters(tx, ctx.org.id));
  const rows: Row[] = items.map((m) => ({ ...m, queuedAt: formatDateTime(m.queuedAt, ctx.org.timeZone) }));
  return { slug: ctx.org.slug, rows, total };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  return runIntent(await request.formData(), {
    retry: intent({
      schema: retrySchema,
      formId: "retry",
      button: true,
      invalidMessage: "That message could not be found.",
      run: async ({ id }) => {
        await withTenant(ctx.tenant, (tx) => retryDeadLetter(tx, ctx.org.id, id));
        return "The message is queued again and will be sent within a minute.";
      },
    }),
  });
}

export default function UndeliveredMessages() {
  const { slug, rows, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Messages that could not be sent"
        description="Emails Hearth gave up on after the mail server refused them or kept failing. Addresses are shortened and message contents are not shown."
      />
      <div className="space-y-4" aria-live="polite">
        {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
        {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
        {rows.length === 0 ? (
          <EmptyState title="Every message was sent">
            When an email cannot be delivered (an invitation to a mistyped address, say), it appears here and you can try
            again.
          </EmptyState>
        ) : (
          <>
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
                {
                  header: "Actions",
                  headerHidden: true,
                  cell: (m: Row) => (
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="id" value={m.id} />
                      <Button type="submit" variant="secondary">
                        Try again<span className="sr-only"> to send the {m.purpose.toLowerCase()} to {m.recipient}</span>
                      </Button>
                    </Form>
                  ),
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
