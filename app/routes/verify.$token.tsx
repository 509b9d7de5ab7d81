import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicErrorBoundary } from "#app/ui/error-boundary";
import { loadPublicCertification } from "./verify.helpers.server";

/**
 * A house's public certification check (issue 13, capability 8; ADR 050), for referral
 * partners: no sign-in, the link printed on the certificate. The house's name and town, its
 * operator, the certifying body, level, status and dates — nothing about residents. An expired
 * or revoked certification shows as such. The printable certificate: /verify/<token>/certificate.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Certification of ${data.houseName} · Hearth` : "Certification check · Hearth" },
  { name: "description", content: "Check a recovery residence's certification." },
];

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadPublicCertification(request, params.token);
}

const TONE: Record<string, string> = {
  certified: "border-green-700 bg-green-50",
  conditional: "border-amber-700 bg-amber-50",
};

export default function VerifyPage() {
  const c = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen bg-brand-50 px-4 py-8">
      <main id="main" className="mx-auto w-full max-w-xl space-y-6">
        <header className="space-y-2">
          <p className="text-sm text-muted">Certification check</p>
          <h1 className="break-words text-2xl font-semibold">{c.houseName}</h1>
          <p className="text-muted">{`${c.place} · operated by ${c.operatorName}`}</p>
        </header>
        <section aria-labelledby="status-heading" className={`space-y-2 rounded-xl border-2 p-5 ${TONE[c.status] ?? "border-red-700 bg-red-50"}`}>
          <h2 id="status-heading" className="text-xl font-semibold" data-testid="public-status">
            {c.statusLabel}
          </h2>
          <p>
            {c.valid
              ? `${c.certifierName} certified this house${c.expires ? ` until ${c.expires}` : ""}.`
              : c.status === "expired"
                ? `This certification by ${c.certifierName} expired${c.expires ? ` on ${c.expires}` : ""}. It is no longer valid.`
                : c.status === "revoked"
                  ? `${c.certifierName} revoked this certification${c.decided ? ` on ${c.decided}` : ""}. It is no longer valid.`
                  : `This house is not certified by ${c.certifierName} at present.`}
          </p>
          {c.renewalInProgress ? <p className="text-sm">A renewal is being reviewed by the certifying body.</p> : null}
        </section>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-xl border border-line bg-white p-5 text-sm">
          <dt className="text-muted">House</dt>
          <dd className="break-words">{c.houseName}</dd>
          <dt className="text-muted">Operator</dt>
          <dd className="break-words">{c.operatorName}</dd>
          <dt className="text-muted">Certifying body</dt>
          <dd className="break-words">{c.certifierName}</dd>
          <dt className="text-muted">Level of support</dt>
          <dd>{c.level}</dd>
          <dt className="text-muted">Status</dt>
          <dd>{c.statusLabel}</dd>
          <dt className="text-muted">Decision date</dt>
          <dd>{c.decided && c.decidedIso ? <time dateTime={c.decidedIso}>{c.decided}</time> : "—"}</dd>
          <dt className="text-muted">Expires</dt>
          <dd>{c.expires && c.expiresIso ? <time dateTime={c.expiresIso}>{c.expires}</time> : "—"}</dd>
          <dt className="text-muted">First certified</dt>
          <dd>{c.firstCertified}</dd>
        </dl>
        <p>
          <a href={c.certificateHref} className="font-medium">
            Printable certificate
          </a>
        </p>
        <p className="text-sm text-muted">
          This page is kept up to date by Hearth from the certifying body's records. If you are in crisis right now, call or text 988.
        </p>
      </main>
    </div>
  );
}

export const ErrorBoundary = PublicErrorBoundary;
