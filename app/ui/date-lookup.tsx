import { Button } from "./form";

type DateInput = { name: string; label: string; value: string | null; required?: boolean };

/** The hidden field that records which dates the listed beds were computed for. */
export const LISTED_FOR = "listedFor";

/**
 * The dates of a booking (admission, transfer) inside its POST form, so the date a
 * person sees is the date submitted. "Show free beds" submits the same form as a GET
 * (`formMethod`), so the page lists the beds free for those dates; works without
 * JavaScript. The booking forms are checked on the server only (ADR 029), so nothing in the
 * browser stands between the button and its GET; `formNoValidate` keeps the browser's own
 * checks (a required bed) from blocking it. The hidden `listedFor` says which dates the listed beds are for: the
 * action refuses a booking whose dates were changed after the list was shown
 * (`datesChangedSince` in the helpers) and shows the list for the new dates instead.
 */
export function BookingDateFields({
  id,
  dates,
  problem,
  errors,
}: {
  id: string;
  dates: DateInput[];
  problem?: string | null;
  errors?: Record<string, string[] | undefined>;
}) {
  const problemId = `${id}-problem`;
  return (
    <div className={`grid gap-3 sm:items-end ${dates.length > 1 ? "sm:grid-cols-[1fr_1fr_auto]" : "sm:grid-cols-[1fr_auto]"}`}>
      <input type="hidden" name={LISTED_FOR} value={dates.map((d) => d.value ?? "").join("/")} />
      {dates.map((d) => {
        const fieldErrors = errors?.[d.name];
        const errorId = `${id}-${d.name}-error`;
        const describedBy = [problem ? problemId : null, fieldErrors?.length ? errorId : null].filter(Boolean).join(" ");
        return (
          <div key={d.name}>
            <label htmlFor={`${id}-${d.name}`} className="mb-1 block font-medium">
              {d.label}
            </label>
            <input
              // A new list (new dates in the URL) resets the input to the dates it is for.
              key={d.value ?? ""}
              id={`${id}-${d.name}`}
              name={d.name}
              type="date"
              required={d.required}
              defaultValue={d.value ?? ""}
              aria-invalid={fieldErrors?.length ? true : undefined}
              aria-describedby={describedBy || undefined}
              className="block w-full rounded-md border border-line bg-white px-3 py-2"
            />
            {fieldErrors?.length ? (
              <p id={errorId} className="mt-1 text-sm text-danger">
                {fieldErrors.join(" ")}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button type="submit" variant="secondary" formMethod="get" formNoValidate name="lookup" value="1">
        Show free beds
      </Button>
      {problem ? (
        <p id={problemId} role="alert" className="text-sm text-danger sm:col-span-full">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

