/** A house's inspections as its operator reads them (ADR 053): date, status, body, and the verdicts once completed. */
export type InspectionCardData = {
  id: string;
  title: string;
  day: string;
  status: string;
  verdicts: { code: string; text: string; verdict: string; note: string | null }[];
};

export function InspectionCards({ cards }: { cards: InspectionCardData[] }) {
  if (!cards.length) return null;
  return (
    <section aria-labelledby="house-inspections" className="space-y-3">
      <h2 id="house-inspections" className="text-lg font-semibold">Inspections</h2>
      <ul className="space-y-3">
        {cards.map((c) => (
          <li key={c.id} className="rounded-lg border border-line bg-white p-4">
            <h3 className="font-medium">{c.title}</h3>
            <p className="text-sm">
              {c.day} · <span data-testid="operator-inspection-status">{c.status}</span>
            </p>
            {c.verdicts.length ? (
              <details className="mt-2">
                <summary className="cursor-pointer">Verdicts ({c.verdicts.length})</summary>
                <ul aria-label={`Verdicts of the inspection on ${c.day}`} className="mt-2 space-y-1 text-sm">
                  {c.verdicts.map((v) => (
                    <li key={v.code} className="break-words">
                      <span className="font-medium">{v.code}</span> {v.verdict}
                      {v.note ? ` — ${v.note}` : ""}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
