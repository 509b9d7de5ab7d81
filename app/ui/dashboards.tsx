import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { DataTable, type Column } from "#app/ui/data-table";
import { Badge } from "#app/ui/occupancy";

/** Shared parts of the standards dashboards (ADR 058): count links, a cell with a second line, the expiry panel. */

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

/** A row of an expiry list: its id, when it expires (or expired) in words, and whether it has. */
export type ExpiringRow = { id: string; when: string; expired: boolean };

/**
 * The dashboards' one expiry panel (ADR 058): what expired or expires soon — compliance
 * documents, certifications — as a table whose last column is the expiry (a danger badge once
 * expired), the first rows, and how many more there are. `empty` is shown when there is none.
 * `framed`: a table of its own (visible caption, border); false inside a card.
 */
export function ExpiringTable<T extends ExpiringRow>({
  caption,
  columns,
  rows,
  more,
  moreText = `And ${more} more.`,
  empty,
  framed = true,
}: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  more: number;
  moreText?: string;
  empty: ReactNode;
  framed?: boolean;
}) {
  if (!rows.length) return <>{empty}</>;
  return (
    <div className="space-y-2">
      <DataTable
        caption={caption}
        captionVisible={framed}
        framed={framed}
        rows={rows}
        rowKey={(r) => r.id}
        columns={[...columns, { header: "Expiry", cell: (r) => (r.expired ? <Badge tone="danger">{r.when}</Badge> : <span>{r.when}</span>) }]}
      />
      {more > 0 ? <p className="text-sm text-muted">{moreText}</p> : null}
    </div>
  );
}

/** A cell's main text with a smaller second line under it. */
export function TwoLines({ children, sub }: { children: ReactNode; sub: ReactNode }) {
  return (
    <>
      {children}
      <span className="block text-xs text-muted">{sub}</span>
    </>
  );
}
