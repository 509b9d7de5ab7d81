import type { ReactNode } from "react";

/** Small presentational pieces shared by the occupancy board, the houses list and the overview. */

/** A row of key figures (a description list, so each number has its label). */
export function Stats({ items, label }: { items: { label: string; value: ReactNode; hint?: string }[]; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
      {items.map((s) => (
        <div key={s.label} className="rounded-lg border border-line bg-white px-3 py-2">
          <dt className="text-sm text-muted">{s.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{s.value}</dd>
          {s.hint ? <dd className="text-xs text-muted">{s.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

const TONES = {
  ok: "border-green-300 bg-green-50 text-ok",
  info: "border-sky-300 bg-sky-50 text-sky-900",
  warn: "border-amber-300 bg-amber-50 text-amber-900",
  muted: "border-line bg-stone-100 text-muted",
  danger: "border-red-300 bg-red-50 text-danger",
} as const;
export type Tone = keyof typeof TONES;

/** A status word in a pill. The word carries the meaning; colour only repeats it. */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full border px-2 py-0.5 text-sm font-medium ${TONES[tone]}`}>{children}</span>;
}

/**
 * One formatter for the process: `toLocaleString` with options builds a new Intl.NumberFormat
 * on every call, which was 7 % of the server's CPU on the org overview of a 60-house org
 * (issue 15 profile).
 */
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** "71.4%" or an em dash when there are no beds in service. */
export function percent(value: number | null): string {
  return value === null ? "—" : `${oneDecimal.format(value)}%`;
}
