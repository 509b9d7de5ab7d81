import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

/** The same page as Hearth's ceiling (app/routes/bench.ceiling.tsx), in a bare Remix app. */
export const meta: MetaFunction = () => [{ title: "Ceiling" }];

export function loader() {
  return { message: "Hello from the ceiling." };
}

export default function Ceiling() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="p-6">
      <h1>{message}</h1>
    </main>
  );
}
