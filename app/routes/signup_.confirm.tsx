import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmSignup, findSignupRequest, type SignupProblem } from "#app/auth/signup.server";
import { sessionCookie } from "#app/auth/session.server";
import { withPlatform } from "#app/db/tenant.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, FormMessage } from "#app/ui/form";
import { attempt } from "#app/ui/forms.server";

export const meta: MetaFunction = () => [{ title: "Finish creating your account · Hearth" }];

const MESSAGES: Record<SignupProblem, string> = {
  unknown: "This link isn't valid. Check that you copied the whole link from the email.",
  expired: "This link has expired. Sign up again to get a new one.",
  used: "This link has already been used. Sign in instead.",
  exists: "An account with this email address exists now. Sign in instead, or reset your password.",
};
type Problem = SignupProblem;
const isProblem = (v: unknown): v is Problem => typeof v === "string" && Object.hasOwn(MESSAGES, v);
const statusOf = (p: Problem) => (p === "unknown" ? 404 : p === "exists" ? 409 : 410);

function tokenOf(request: Request) {
  return (new URL(request.url).searchParams.get("token") ?? "").slice(0, 100);
}

// The link only shows a button: opening it (a mail scanner following links, say)
// creates nothing. The POST creates the account.
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await withPlatform(requestMeta(request), (tx) => findSignupRequest(tx, tokenOf(request)));
  if (view.status !== "valid") return data({ problem: view.status as Problem, email: null, orgName: null }, { status: statusOf(view.status) });
  return { problem: null, email: view.email, orgName: view.orgName };
}

// A refusal (404, 409 or 410) names its problem in its detail; the page says it in MESSAGES' words.
export async function action({ request }: ActionFunctionArgs) {
  return attempt({ formId: "signup-confirm", submission: null }, async () => {
    const done = await confirmSignup(tokenOf(request), requestMeta(request));
    return redirect(`/o/${done.orgSlug}`, { headers: { "Set-Cookie": sessionCookie(done.token, done.expiresAt) } });
  });
}

export default function ConfirmSignupPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const detail: unknown = actionData?.detail;
  const problem = isProblem(detail) ? detail : view.problem;
  if (problem) {
    return (
      <AuthCard title="Finish creating your account">
        <FormMessage>{MESSAGES[problem]}</FormMessage>
        <p className="mt-6 text-sm">
          <Link to="/login">Sign in</Link> · <Link to="/signup">Sign up</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Finish creating your account">
      <p className="mb-4">
        Create the account for <strong>{view.email}</strong> and the organisation <strong>{view.orgName}</strong>.
      </p>
      <Form method="post">
        <Button type="submit" className="w-full">
          Create my account
        </Button>
      </Form>
    </AuthCard>
  );
}
