import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** Centered card for signed-out pages (sign in, sign up, reset, invites). */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center bg-brand-50 px-4 py-10">
      <header className="mb-6">
        <Link to="/" className="text-2xl font-bold text-brand-800 no-underline">
          Hearth
        </Link>
      </header>
      <main id="main" className="w-full max-w-md rounded-xl border border-line bg-white p-6 shadow-sm">
        <h1 className="mb-4 text-xl font-semibold">{title}</h1>
        {children}
      </main>
    </div>
  );
}
