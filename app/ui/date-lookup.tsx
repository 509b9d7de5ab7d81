import { Form } from "@remix-run/react";
import { Button } from "./form";

type DateInput = { name: string; label: string; value: string | null; required?: boolean };

/**
 * Step one of a booking (admission, transfer): choose the date(s) with a GET form, so
 * the page can list exactly the beds free for them; step two is the POST form below
 * it. Works without JavaScript. `keep` carries other query values (e.g. a prefilled bed).
 */
export function DateLookupForm({
  id,
  dates,
  problem,
  submitLabel = "Show free beds",
  keep = {},
}: {
  id: string;
  dates: DateInput[];
  problem?: string | null;
  submitLabel?: string;
  keep?: Record<string, string | null | undefined>;
}) {
  const problemId = `${id}-problem`;
  return (
    <Form method="get" preventScrollReset className={`grid gap-3 sm:items-end ${dates.length > 1 ? "sm:grid-cols-[1fr_1fr_auto]" : "sm:grid-cols-[1fr_auto]"}`}>
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      {dates.map((d) => (
        <div key={d.name}>
          <label htmlFor={`${id}-${d.name}`} className="mb-1 block font-medium">
            {d.label}
          </label>
          <input
            id={`${id}-${d.name}`}
            name={d.name}
            type="date"
            required={d.required}
            defaultValue={d.value ?? ""}
            aria-describedby={problem ? problemId : undefined}
            className="block w-full rounded-md border border-line bg-white px-3 py-2"
          />
        </div>
      ))}
      <Button type="submit" variant="secondary">
        {submitLabel}
      </Button>
      {problem ? (
        <p id={problemId} role="alert" className="text-sm text-danger sm:col-span-full">
          {problem}
        </p>
      ) : null}
    </Form>
  );
}

/** Form-level messages from a conform result, for forms rendered without useForm (plain buttons). */
export function resultErrors(result: { error?: Record<string, string[] | null> } | null | undefined): string {
  return Object.values(result?.error ?? {})
    .flatMap((e) => e ?? [])
    .join(" ");
}
