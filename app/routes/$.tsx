import { notFound } from "#app/lib/http.server";
import { GeneralErrorBoundary } from "#app/ui/error-boundary";

/** Any URL no other route matches: a friendly 404 inside the app's layout. */
export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <GeneralErrorBoundary />
    </main>
  );
}
