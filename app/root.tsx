import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getUser } from "#app/auth/guard.server";
import { GeneralErrorBoundary } from "#app/ui/error-boundary";
import { useNonce } from "#app/ui/nonce";
import styles from "#app/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Hearth" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The root only decorates the page with the user; if the database is down, render the
  // error page (with its request id) instead of failing here.
  const auth = await getUser(request).catch(() => null);
  return {
    requestId: context.requestId ?? request.headers.get("x-request-id"),
    user: auth ? { name: auth.user.name, email: auth.user.email } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * A form posted to an index route leaves "?index" in the address bar (Remix's marker for
 * "the index route's action"). Take it out of the visible URL once the answer has rendered,
 * so a bookmark or a shared link is the page's own address.
 */
function useTidyIndexParam() {
  const location = useLocation();
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (!params.has("index")) return;
    params.delete("index");
    const query = params.toString();
    window.history.replaceState(window.history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  }, [location]);
}

export default function App() {
  useTidyIndexParam();
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <GeneralErrorBoundary />
    </main>
  );
}
