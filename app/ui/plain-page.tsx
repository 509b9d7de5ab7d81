import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { SignOutButton } from "./form";

/** Layout for signed-in pages outside any organisation (account) and for dev tools. */
export function PlainPage({ children, signedIn = true }: { children: ReactNode; signedIn?: boolean }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-line bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/" className="text-lg font-bold text-brand-800 no-underline">
            Hearth
          </Link>
          {signedIn ? (
            <div className="flex items-center gap-3 text-sm">
              <Link to="/orgs?all">Your organisations</Link>
              <SignOutButton className="font-medium text-brand-700 underline underline-offset-2" />
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
