import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { hit, LIMITS } from "#app/auth/rate-limit.server";
import { config } from "#app/config.server";
import { withPlatform, type Tx } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { formatCents } from "#app/domain/fees/money";
import { onlineAccount, startCheckout } from "#app/domain/payments/online.server";
import { openPayLink, type OpenPayLink } from "#app/domain/payments/pay-links.server";
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

type Answer<T> = { status: 200; value: T } | { status: 404 } | { status: 429; retryAfter: number };

/**
 * One transaction per request (like calendar feeds): the per-address rate limit, then the
 * link's narrow context and what the page needs. A 429 or 404 is an answer, not a throw,
 * so the counted hit is kept.
 */
async function asLink<T>(request: Request, token: string, fn: (tx: Tx, link: OpenPayLink) => Promise<T>): Promise<T> {
  const meta = requestMeta(request);
  const answer = await withPlatform(meta, async (tx): Promise<Answer<T>> => {
    const limit = await hit(tx, `pay-link:ip:${meta.ip ?? "unknown"}`, LIMITS.payLinkPerIp);
    if (!limit.allowed) return { status: 429, retryAfter: limit.retryAfterSeconds };
    const link = await openPayLink(tx, token);
    if (!link) return { status: 404 };
    return { status: 200, value: await fn(tx, link) };
  });
  if (answer.status === 429) {
    throw new Response("Too many requests. Try again later.", { status: 429, headers: { "Retry-After": String(answer.retryAfter), "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (answer.status === 404) throw new Response(NOT_FOUND, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return answer.value;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link, online } = await asLink(request, params.token ?? "", async (tx, link) => ({ link, online: Boolean(await onlineAccount(tx)) }));
  const owes = link.balanceCents >= MIN_ONLINE_CENTS;
  return data(
    {
      orgName: link.orgName,
      due: formatCents(Math.max(0, link.balanceCents), link.currency),
      pay: online && owes && link.target ? { constraint: formConstraint(PayFormSchema) } : null,
      owes,
    },
    { headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  // Stripe's return addresses never carry the token (a credential): a neutral page.
  const done = `${config().appUrl.origin}/pay/done`;
  const form = await request.formData();
  return runIntent(form, {
    pay: intent({
      schema: PayFormSchema,
      formId: PAY_FORM_ID,
      fields: ["choice", "amount"],
      run: async ({ choice, amount }) => {
        const { url } = await asLink(request, token, async (tx, link) => {
          if (!link.target) throw new DomainError("conflict", "There is nothing to pay online right now.");
          return startCheckout(tx, choice === "full" ? { choice } : { choice, amount: amount ?? "" }, link.target, {
            orgName: link.orgName,
            currency: link.currency,
            successUrl: `${done}?attempt={ATTEMPT_ID}`,
            cancelUrl: `${done}?cancelled=1`,
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
