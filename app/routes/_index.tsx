import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getUser } from "#app/auth/guard.server";

export const meta: MetaFunction = () => [
  { title: "Hearth · software for recovery residences" },
  { name: "description", content: "Houses, beds, applications and admissions for recovery residences, with a portal for residents." },
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
            Hearth helps operators and house managers keep track of their houses, beds, applications and admissions,
            and gives residents a place to see where they live and keep their contact details current — with every
            look at a resident's record written to an audit log.
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
            ["Operators and house managers", "Houses, rooms and beds; a public application form, screening and a waitlist; admissions, transfers and discharges; an occupancy board; your team and an audit log."],
            ["Residents", "Where you live, your room and bed, how to reach your house manager, and your own contact and emergency details."],
            ["Certifying bodies", "An organisation for your team of auditors. Reviews of homes are not in Hearth yet."],
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
