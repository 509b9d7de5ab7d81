import type { ReactNode } from "react";

export type Column<T> = {
  /** Column heading; also the label beside the value when the table is stacked on a phone. */
  header: string;
  cell: (row: T) => ReactNode;
  /** The cell that names the row (a `<th scope="row">`); shown as the stacked row's title. */
  rowHeader?: boolean;
  /** Numbers line up on the right on wide screens. */
  numeric?: boolean;
  className?: string;
  /** Hide the heading visually (still read out), e.g. for an actions column. */
  headerHidden?: boolean;
};

/**
 * The one list table. On wide screens an ordinary table; below 640 px every row becomes a
 * stacked card whose cells carry their column's name (`data-label`, shown by CSS in
 * app/styles/app.css → `.data-table`), so no column is lost and nothing scrolls sideways.
 */
export function DataTable<T>({
  caption,
  captionVisible = false,
  columns,
  rows,
  rowKey,
  framed = true,
}: {
  caption: string;
  captionVisible?: boolean;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Draw the rounded border (off when the table already sits inside a card). */
  framed?: boolean;
}) {
  return (
    <div className={framed ? "rounded-lg border border-line bg-white" : undefined}>
      <table className="data-table w-full text-left text-sm">
        <caption className={captionVisible ? "px-3 py-2 text-left font-semibold" : "sr-only"}>{caption}</caption>
        <thead className="bg-stone-100">
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={`px-3 py-2 font-medium ${c.numeric ? "text-right" : ""}`}>
                {c.headerHidden ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-line align-top">
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row" className={`px-3 py-2 font-medium ${c.className ?? ""}`}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td
                    key={c.header}
                    data-label={c.headerHidden ? undefined : c.header}
                    className={`px-3 py-2 ${c.numeric ? "text-right tabular-nums" : ""} ${c.className ?? ""}`}
                  >
                    <div>{c.cell(row)}</div>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
