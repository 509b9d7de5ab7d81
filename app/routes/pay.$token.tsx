import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { hit, LIMITS } from "#app/auth/rate-limit.server";
import { config } from "#app/config.server";
import { withPlatform } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { formatCents } from "#app/domain/fees/money";
import { onlineAccount, startCheckout } from "#app/domain/payments/online.server";
import { openPayLink } from "#app/domain/payments/pay-links.server";
import { MIN_ONLINE_CENTS, PayForm as PayFormSchema } from "#app/domain/payments/schemas";
import { requestMeta } from "#app/lib/http.server";
import { formConstraint } from "#app/ui/constraint";
import { intent, runIntent, type FormActionData } from "#app/ui/forms.server";
import { PlainPage } from "#app/ui/plain-page";
import { PAY_FORM_ID, PayForm } from "#app/ui/pay-form";

/**
 * A family pay link: /pay/<token> (ADR 032). No account: the token is the credential
 * (redacted from request logs). The database signs the link's narrow context
 * (`enter_pay_link`) and tells the page only the organisation's name and the amount due —
 * never the resident's name, house or anything about their situation. Unknown, expired or
 * revoked links answer 404; too many requests from one address, 429.
 */
export const meta: MetaFunction = () => [{ title: "Make a payment · Hearth" }, { name: "robots", content: "noindex" }];

const NOT_FOUND = "This payment link doesn't work any more. Ask for a new one.";

async function limited(request: Request) {
  const meta = requestMeta(request);
  const limit = await withPlatform(meta, (tx) => hit(tx, `pay-link:ip:${meta.ip ?? "unknown"}`, LIMITS.payLinkPerIp));
  if (!limit.allowed) {
    throw new Response("Too many requests. Try again later.", { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" } });
  }
  return meta;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meta = await limited(request);
  const page = await withPlatform(meta, async (tx) => {
    const link = await openPayLink(tx, params.token ?? "");
    return link && { link, online: Boolean(await onlineAccount(tx)) };
  });
  if (!page) throw new Response(NOT_FOUND, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { link, online } = page;
  const owes = link.balanceCents >= MIN_ONLINE_CENTS;
  return data(
    {
      orgName: link.orgName,
      due: formatCents(Math.max(0, link.balanceCents), link.currency),
      paid: new URL(request.url).searchParams.has("paid"),
      pay: online && owes && link.target ? { constraint: formConstraint(PayFormSchema) } : null,
      owes,
    },
    { headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meta = await limited(request);
  const token = params.token ?? "";
  const back = `${config().appUrl.origin}/pay/${token}`;
  return runIntent(await request.formData(), {
    pay: intent({
      schema: PayFormSchema,
      formId: PAY_FORM_ID,
      fields: ["choice", "amount"],
      run: async ({ choice, amount }) => {
        const { url } = await withPlatform(meta, async (tx) => {
          const link = await openPayLink(tx, token);
          if (!link) throw new DomainError("not_found", NOT_FOUND);
          if (!link.target) throw new DomainError("conflict", "There is nothing to pay online right now.");
          return startCheckout(tx, choice === "full" ? { choice } : { choice, amount: amount ?? "" }, link.target, {
            orgName: link.orgName,
            currency: link.currency,
            successUrl: `${back}?paid=1`,
            cancelUrl: back,
          });
        });
        return redirect(url, 303);
      },
    }),
  });
}

export default function PayLinkPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as FormActionData | undefined;
  return (
    <PlainPage signedIn={false}>
      <div className="mx-auto max-w-md space-y-3 rounded-lg border border-line bg-white p-4">
        <h1 className="text-xl font-semibold">Payment to {d.orgName}</h1>
        {d.paid ? <p role="status">Thank you. Your payment is being confirmed.</p> : null}
        <p className="text-2xl font-semibold tabular-nums" data-testid="due">
          {d.owes ? `Amount due: ${d.due}` : "Nothing is due right now."}
        </p>
        {d.pay ? (
          <PayForm balance={d.due} constraint={d.pay.constraint} lastResult={answer?.formId === PAY_FORM_ID ? answer.result : null} />
        ) : d.owes ? (
          <p className="text-muted">Online payment isn't available right now.</p>
        ) : null}
      </div>
    </PlainPage>
  );
}
