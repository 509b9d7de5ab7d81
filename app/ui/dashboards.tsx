import { Link } from "@remix-run/react";

/** Shared parts of the standards dashboards (ADR 058): a labelled meter with its number in words. */

/** A share from 0 to 100 as a `<meter>` with its label and the figure in text beside it (never colour alone). */
export function Meter({ id, label, percent, text }: { id: string; label: string; percent: number; text: string }) {
  return (
    <div>
      <div className="flex flex-wrap justify-between gap-x-2 text-sm">
        <span id={`${id}-label`}>{label}</span>
        <span className="text-muted">
          <strong className="font-semibold text-ink">{percent}%</strong> · {text}
        </span>
      </div>
      <meter
        className="block h-2 w-full"
        min={0}
        max={100}
        low={50}
        high={80}
        optimum={100}
        value={percent}
        aria-labelledby={`${id}-label`}
        aria-valuetext={`${percent}%, ${text}`}
        data-count={id}
      >
        {percent}%
      </meter>
    </div>
  );
}

/** A count that links to where it can be dealt with, or a plain zero. */
export function CountLink({ n, href, label, name }: { n: number; href: string; label: string; name?: string }) {
  if (n === 0) return <span className="tabular-nums" data-count={name}>0</span>;
  return (
    <Link to={href} data-count={name} className="font-semibold tabular-nums text-brand-700 underline underline-offset-2">
      {n}
      <span className="sr-only"> {label}</span>
    </Link>
  );
}
