import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { config } from "#app/config.server";
import { listMailbox } from "#app/domain/outbox/mailer.server";
import { formatDateTime } from "#app/lib/dates";
import { notFound } from "#app/lib/http.server";
import { DevMailboxNote } from "#app/ui/dev-mailbox-note";
import { PageHeader } from "#app/ui/page";
import { PlainPage } from "#app/ui/plain-page";

export const meta: MetaFunction = () => [{ title: "Development mailbox · Hearth" }, { name: "robots", content: "noindex" }];

/** Only exists while SMTP is not configured; otherwise it is a 404 like any unknown page. */
export async function loader(_: LoaderFunctionArgs) {
  if (!config().devMailbox) notFound();
  const messages = await listMailbox();
  return {
    messages: messages.map((m) => ({ id: m.id, to: m.to, subject: m.subject, sent: formatDateTime(m.sentAt, "UTC") })),
  };
}

export default function MailboxPage() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <PlainPage signedIn={false}>
      <PageHeader title="Development mailbox" description="Emails Hearth would have sent, newest first." />
      <DevMailboxNote />
      {messages.length ? (
        <div className="overflow-x-auto rounded-lg border border-line bg-white p-4">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-line text-muted">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Subject</th>
                <th scope="col" className="py-2 pr-3 font-medium">To</th>
                <th scope="col" className="py-2 font-medium">Sent</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} className="border-b border-line last:border-0">
                  <th scope="row" className="py-2 pr-3 font-medium">
                    <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                  </th>
                  <td className="py-2 pr-3 break-all">{m.to}</td>
                  <td className="py-2">{m.sent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-muted">No emails yet. Invitations and password resets will appear here.</p>
      )}
    </PlainPage>
  );
}
