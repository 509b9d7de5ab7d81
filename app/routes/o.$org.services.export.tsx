import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { CSV_FILES } from "#app/domain/services/hsds.server";
import { PageHeader } from "#app/ui/page";

/** Export the directory: HSDS JSON in one file, or the HSDS CSV tables one by one (ADR 039). */
export const meta: MetaFunction = () => [{ title: "Export services · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  return { base: `/o/${ctx.org.slug}/services`, files: ["services.json", ...CSV_FILES] };
}

export default function ExportServicesPage() {
  const { base, files } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title="Export services" description="The whole directory in the Open Referral (HSDS 3.0) format, for 211 lines, partners or another Hearth organisation." />
      <ul className="space-y-2 rounded-lg border border-line bg-white p-4">
        {files.map((f) => (
          <li key={f}>
            <a href={`${base}/export/${f}`} download className="text-brand-700 underline underline-offset-2">
              {f}
            </a>
            {f === "services.json" ? " — everything in one file" : null}
          </li>
        ))}
      </ul>
      <p className="text-sm">
        <Link to={base}>Back to the directory</Link>
      </p>
    </div>
  );
}
