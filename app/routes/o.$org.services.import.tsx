import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { CSV_FILES, MAX_FILE_BYTES, importDirectory, parseHsdsCsv, parseHsdsJson, type ImportRowError } from "#app/domain/services/hsds.server";
import { Button, FormMessage } from "#app/ui/form";
import { PageHeader } from "#app/ui/page";

/**
 * Import HSDS JSON (one file) or the HSDS CSV tables (several files at once, named as HSDS
 * names them). Nothing is stored unless every row is valid, or the person ticks "import the
 * valid rows"; every bad row is reported. Files over 2 MB are refused (ADR 039).
 */
export const meta: MetaFunction = () => [{ title: "Import services · Hearth" }];

type Result = { imported: number; total: number; errors: ImportRowError[]; message: string | null };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  return { base: `/o/${ctx.org.slug}/services`, files: CSV_FILES };
}

export async function action({ request, params }: ActionFunctionArgs): Promise<Result> {
  const ctx = await requireOrg(request, params.org, "services:write");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }));
  } catch (e) {
    const message = e instanceof MaxPartSizeExceededError ? "A file is larger than 2 MB. Split the directory and import it in parts." : "The upload could not be read. Choose the files again.";
    return { imported: 0, total: 0, errors: [], message };
  }
  const files = form.getAll("files").filter((f): f is File => typeof f === "object" && f !== null && "text" in f && f.size > 0);
  if (!files.length) return { imported: 0, total: 0, errors: [], message: "Choose an HSDS JSON file or the HSDS CSV files to import." };
  if (files.length > CSV_FILES.length) return { imported: 0, total: 0, errors: [], message: `Choose at most ${CSV_FILES.length} files.` };
  const texts = await Promise.all(files.map(async (f) => ({ name: f.name.split(/[\\/]/).pop()!.toLowerCase(), text: await f.text() })));
  const json = texts.length === 1 && texts[0]!.name.endsWith(".json");
  const parsed = json ? parseHsdsJson(texts[0]!.text) : parseHsdsCsv(Object.fromEntries(texts.map((t) => [t.name, t.text])));
  const validOnly = form.get("validOnly") === "yes";
  const r = await withTenant(ctx.tenant, (tx) => importDirectory(tx, ctx.org.id, parsed, { format: json ? "json" : "csv", validOnly }));
  const message = r.imported
    ? `Imported ${r.imported} of ${r.total} services.`
    : r.errors.length
      ? "Nothing was imported: fix the rows below, or tick “Import the valid rows” and try again."
      : "There was nothing new to import.";
  return { ...r, message };
}

export default function ImportServicesPage() {
  const { base, files } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <PageHeader title="Import services" description="From another directory in the Open Referral (HSDS 3.0) format." />
      {r?.message ? <FormMessage kind={r.imported ? "ok" : "error"}>{r.message}</FormMessage> : null}
      {r?.errors.length ? (
        <section aria-labelledby="problems" className="rounded-lg border border-line bg-white p-4">
          <h2 id="problems" className="font-semibold">
            {r.errors.length} row{r.errors.length === 1 ? "" : "s"} with problems
          </h2>
          <ul className="mt-2 space-y-2 text-sm">
            {r.errors.slice(0, 200).map((e, i) => (
              <li key={i}>
                <strong>{e.where}</strong>: {e.problems.join("; ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="space-y-4 rounded-lg border border-line bg-white p-4">
        <div>
          <label htmlFor="files" className="mb-1 block font-medium">
            Files
          </label>
          <p id="files-hint" className="mb-2 text-sm text-muted">
            One HSDS JSON file, or the CSV tables together ({files.join(", ")}; service.csv is required). Up to 2 MB each.
          </p>
          <input id="files" name="files" type="file" multiple accept=".json,.csv,application/json,text/csv" aria-describedby="files-hint" className="block w-full" />
        </div>
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" name="validOnly" value="yes" className="size-5 accent-brand-700" />
          <span>Import the valid rows even if some have problems</span>
        </label>
        <Button type="submit">Import</Button>
        <p className="text-sm">
          <Link to={base}>Back to the directory</Link>
        </p>
      </Form>
    </div>
  );
}
