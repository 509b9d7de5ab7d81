import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicErrorBoundary } from "#app/ui/error-boundary";
import { loadPublicCertification } from "./verify.helpers.server";

/**
 * A house's printable certificate (ADR 050): the same public fields as /verify/<token>, laid
 * out for paper (print styles: no background, one page) and still readable on a phone. An
 * expired or revoked certification prints as such, with the link to check it today.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Certificate: ${data.houseName} · Hearth` : "Certificate · Hearth" }];

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadPublicCertification(request, params.token);
}

export default function CertificatePage() {
  const c = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen bg-brand-50 px-4 py-8 print:min-h-0 print:bg-white print:p-0">
      <main id="main" className="mx-auto w-full max-w-2xl">
        <article
          aria-labelledby="certificate-title"
          className="space-y-5 rounded-xl border-4 border-double border-brand-700 bg-white p-6 text-center sm:p-10 print:rounded-none print:border-black"
        >
          {!c.valid ? (
            <p className="rounded border-2 border-red-700 p-2 font-semibold uppercase tracking-wide text-red-800" data-testid="certificate-warning">
              {`${c.statusLabel}: this certificate is no longer valid`}
            </p>
          ) : null}
          <p className="text-sm uppercase tracking-widest text-muted print:text-black">{c.certifierName}</p>
          <h1 id="certificate-title" className="text-2xl font-semibold sm:text-3xl">
            Certificate of certification
          </h1>
          <p>This certifies that the recovery residence</p>
          <p className="break-words text-xl font-semibold sm:text-2xl">{c.houseName}</p>
          <p>{`${c.place}, operated by ${c.operatorName},`}</p>
          <p>
            {`meets the standard at ${c.level}`}
            {c.status === "conditional" ? ", with conditions" : ""}.
          </p>
          <dl className="mx-auto grid max-w-sm grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-left text-sm">
            <dt className="text-muted print:text-black">Status</dt>
            <dd>{c.statusLabel}</dd>
            <dt className="text-muted print:text-black">Decision date</dt>
            <dd>{c.decided ?? "—"}</dd>
            <dt className="text-muted print:text-black">Valid until</dt>
            <dd>{c.expires ?? "—"}</dd>
          </dl>
          <p className="break-all text-sm">
            {"Check it today: "}
            <a href={c.pageHref}>{c.pageUrl}</a>
          </p>
        </article>
        <p className="mt-4 text-center text-sm text-muted print:hidden">Use your browser's Print command to print this certificate.</p>
      </main>
    </div>
  );
}

export const ErrorBoundary = PublicErrorBoundary;
