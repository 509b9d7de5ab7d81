import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { config } from "#app/config.server";
import { withTenant } from "#app/db/tenant.server";
import { paymentAccount, refreshAccountStatus, startOnboarding } from "#app/domain/payments/online.server";
import { forbidden } from "#app/lib/http.server";
import { stripeConfigured } from "#app/lib/stripe.server";
import { Button, PageNotices } from "#app/ui/form";
import { intent, runIntent, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";

/**
 * Online payments (owners and admins of an operator; ADR 032): connect the org's own
 * Stripe account (Stripe Connect onboarding; the money goes to the operator, never
 * through Hearth) and see whether it can take payments. Coming back from Stripe
 * (`?returned=1`) refreshes the account's status. Without the platform's Stripe keys the
 * page says online payments are not configured.
 */
export const meta: MetaFunction = () => [{ title: "Online payments · Hearth" }];

async function guard(request: Request, org: string | undefined) {
  const ctx = await requireOrg(request, org, "org:manage");
  if (ctx.org.kind !== "operator" || (ctx.role !== "owner" && ctx.role !== "admin")) forbidden("Only an owner or administrator can set up online payments.");
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await guard(request, params.org);
  const configured = stripeConfigured();
  const returned = new URL(request.url).searchParams.has("returned");
  const account = await withTenant(ctx.tenant, (tx) => (configured && returned ? refreshAccountStatus(tx) : paymentAccount(tx)));
  return {
    configured,
    connected: Boolean(account),
    chargesEnabled: account?.chargesEnabled ?? false,
    detailsSubmitted: account?.detailsSubmitted ?? false,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await guard(request, params.org);
  const here = `${config().appUrl.origin}/o/${ctx.org.slug}/settings/payments`;
  return runIntent(await request.formData(), {
    connect: intent({
      schema: z.object({ intent: z.literal("connect") }),
      formId: "connect",
      button: true,
      run: async () => {
        const url = await withTenant(ctx.tenant, (tx) => startOnboarding(tx, { refreshUrl: here, returnUrl: `${here}?returned=1` }));
        return redirect(url, 303);
      },
    }),
  });
}

export default function OnlinePayments() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as FormActionData | undefined;
  return (
    <div className="max-w-lg space-y-4">
      <PageHeader title="Online payments" description="Residents and their families pay dues by card through Stripe. The money goes to your own Stripe account." />
      <PageNotices error={answer?.pageError} />
      <Card title="Stripe">
        {!d.configured ? (
          <p data-testid="payments-status">Online payments are not configured on this Hearth. Payments are recorded by hand.</p>
        ) : (
          <>
            <p data-testid="payments-status">
              {!d.connected
                ? "Not connected yet."
                : d.chargesEnabled
                  ? "Connected: residents see a Pay button on their dues."
                  : d.detailsSubmitted
                    ? "Connected; Stripe is still checking your details. Pay stays hidden until Stripe allows payments."
                    : "Connected, but Stripe needs more details before you can take payments."}
            </p>
            {!d.chargesEnabled ? (
              <Form method="post" className="mt-3">
                <input type="hidden" name="intent" value="connect" />
                <Button type="submit">{d.connected ? "Continue Stripe setup" : "Connect Stripe"}</Button>
              </Form>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}
