import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { config } from "#app/config.server";
import { readMailboxMessage } from "#app/domain/outbox/mailer.server";
import { formatDateTime } from "#app/lib/dates";
import { notFound } from "#app/lib/http.server";
import { DevMailboxNote } from "#app/ui/dev-mailbox-note";
import { PageHeader } from "#app/ui/page";
import { PlainPage } from "#app/ui/plain-page";

export const meta: MetaFunction = () => [{ title: "Email · Development mailbox · Hearth" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  if (!config().devMailbox) notFound();
  const message = await readMailboxMessage(params.id ?? "");
  if (!message) notFound("That email isn't in the mailbox.");
  return {
    subject: message.subject,
    from: message.from,
    to: message.to,
    sent: formatDateTime(message.sentAt, "UTC"),
    text: message.text,
  };
}

// A URL ends before whitespace, and never on sentence punctuation ("…see https://x.test/a.").
const URL_PATTERN = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])/;

/** Plain text with http(s) URLs turned into links; everything else stays text (React escapes it). */
function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function MailboxMessagePage() {
  const m = useLoaderData<typeof loader>();
  return (
    <PlainPage signedIn={false}>
      <p className="text-sm">
        <Link to="/dev/mailbox">Back to the mailbox</Link>
      </p>
      <PageHeader title={m.subject} />
      <DevMailboxNote />
      <article className="rounded-lg border border-line bg-white p-4">
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted">From</dt>
          <dd className="break-all">{m.from}</dd>
          <dt className="text-muted">To</dt>
          <dd className="break-all">{m.to}</dd>
          <dt className="text-muted">Sent</dt>
          <dd>{m.sent}</dd>
        </dl>
        <div className="whitespace-pre-wrap break-words">
          <Linkified text={m.text} />
        </div>
      </article>
    </PlainPage>
  );
}
