import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getUser } from "#app/auth/guard.server";

export const meta: MetaFunction = () => [
  { title: "Hearth · software for recovery residences" },
  { name: "description", content: "Run recovery residences, support residents and meet certification standards." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/orgs");
  return null;
}

export default function Index() {
  return (
    <div className="min-h-screen bg-brand-50">
      <header className="mx-auto flex max-w-4xl items-center justify-between px-4 py-5">
        <span className="text-2xl font-bold text-brand-800">Hearth</span>
        <nav aria-label="Account">
          <Link to="/login" className="font-medium">
            Sign in
          </Link>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-4xl space-y-8 px-4 py-10">
        <section className="space-y-4">
          <h1 className="text-3xl font-bold sm:text-4xl">A steady home base for recovery residences</h1>
          <p className="max-w-2xl text-lg text-muted">
            Hearth helps operators and house managers run their homes, gives residents a clear view of their week and
            dues, and lets certifying bodies review homes against the recovery-residence standard — with residents'
            privacy protected at every step.
          </p>
          <p className="flex flex-wrap gap-3">
            <Link to="/signup" className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
              Create an operator account
            </Link>
            <Link to="/login" className="rounded-md border border-line bg-white px-4 py-2 font-medium no-underline">
              Sign in
            </Link>
          </p>
        </section>
        <section aria-labelledby="who" className="grid gap-4 sm:grid-cols-3">
          <h2 id="who" className="sr-only">
            Who Hearth is for
          </h2>
          {[
            ["Operators and house managers", "Houses, beds, admissions, house life, fees and the standards checklist."],
            ["Residents", "Your week, the house rules you signed, what you owe, services nearby and your plan."],
            ["Certifying bodies", "Self-assessments, evidence, inspections, findings and certification status."],
          ].map(([title, text]) => (
            <article key={title} className="rounded-lg border border-line bg-white p-4">
              <h3 className="font-semibold">{title}</h3>
              <p className="text-muted">{text}</p>
            </article>
          ))}
        </section>
      </main>
    </div>
  );
}
