import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "Something in the request wasn't right",
  403: "You don't have access to this",
  404: "We couldn't find that",
  409: "That conflicts with something else",
  429: "Too many attempts",
  503: "Hearth is temporarily unavailable",
};

/** One error view for every route: expected errors show their message, others a request id. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<{ requestId?: string | null }>("root");
  let status = 500;
  let message = "Something went wrong on our side. Please try again in a moment.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as { message?: unknown } | string | undefined;
    if (typeof data === "object" && data && typeof data.message === "string") message = data.message;
    else if (status === 404) message = "The page may have moved, or you may not have access to it.";
    else if (status !== 500) message = TITLES[status] ?? message;
  }
  const title = TITLES[status] ?? "Something went wrong";
  return (
    <section aria-labelledby="error-title" className="space-y-3 rounded-lg border border-line bg-white p-6">
      <h1 id="error-title" className="text-xl font-semibold">
        {title}
      </h1>
      <p>{message}</p>
      {status >= 500 && root?.requestId ? (
        <p className="text-sm text-muted">
          If this keeps happening, tell support this reference: <code>{root.requestId}</code>
        </p>
      ) : null}
      <p className="text-sm text-muted">Error {status}</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </section>
  );
}

/** The error boundary of a public page (no app shell around it): the same message in a page of its own. */
export function PublicErrorBoundary() {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <GeneralErrorBoundary />
    </main>
  );
}
