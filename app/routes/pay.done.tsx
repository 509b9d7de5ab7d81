import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PlainPage } from "#app/ui/plain-page";

/**
 * Where Stripe Checkout returns a family pay link's payer (ADR 032): a neutral page with
 * no credential in its address and nothing about anyone. The payment itself is posted
 * only by the verified webhook.
 */
export const meta: MetaFunction = () => [{ title: "Payment · Hearth" }, { name: "robots", content: "noindex" }];

export function loader({ request }: LoaderFunctionArgs) {
  const cancelled = new URL(request.url).searchParams.has("cancelled");
  return data({ cancelled }, { headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" } });
}

export default function PayDone() {
  const { cancelled } = useLoaderData<typeof loader>();
  return (
    <PlainPage signedIn={false}>
      <div className="mx-auto max-w-md space-y-3 rounded-lg border border-line bg-white p-4">
        <h1 className="text-xl font-semibold">{cancelled ? "No payment was made" : "Thank you"}</h1>
        <p role="status">
          {cancelled ? "Nothing was charged. You can open the link you were sent again to pay." : "Your payment is being confirmed. You can close this page."}
        </p>
      </div>
    </PlainPage>
  );
}
