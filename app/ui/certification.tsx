/** A certification's status and its history (ADR 050): shared by the certifier's page and a house's Standards tab. */

export type CertificationCardData = {
  id: string;
  certifierName: string;
  status: string;
  statusLabel: string;
  levelLabel: string;
  decided: string | null;
  expires: string | null;
  /** The public verification page, once the house was first certified. */
  verifyHref: string | null;
  history: { id: string; change: string; level: string; dates: string; note: string | null; who: string; at: string; atIso: string }[];
};

export function CertificationStatus({ c, headingLevel = 2 }: { c: CertificationCardData; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={`certification-${c.id}`} className="space-y-3 rounded-xl border border-line bg-white p-4">
      <H id={`certification-${c.id}`} className="text-lg font-semibold">{`Certification by ${c.certifierName}`}</H>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Status</dt>
        <dd data-testid="certification-status">{c.statusLabel}</dd>
        <dt className="text-muted">Level</dt>
        <dd>{c.levelLabel}</dd>
        <dt className="text-muted">Decided</dt>
        <dd>{c.decided ?? "Not yet"}</dd>
        <dt className="text-muted">Expires</dt>
        <dd>{c.expires ?? "—"}</dd>
      </dl>
      {c.verifyHref ? (
        <p className="text-sm">
          Public verification page for referral partners: <a href={c.verifyHref}>{c.verifyHref}</a> (<a href={`${c.verifyHref}/certificate`}>printable certificate</a>)
        </p>
      ) : null}
      <CertificationHistory c={c} headingLevel={headingLevel === 2 ? 3 : 4} />
    </section>
  );
}

function CertificationHistory({ c, headingLevel }: { c: CertificationCardData; headingLevel: 3 | 4 }) {
  const H = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="space-y-2">
      <H className="font-medium">History</H>
      <ol className="space-y-2 text-sm" aria-label="Certification history">
        {c.history.map((e) => (
          <li key={e.id} className="border-l-2 border-line pl-3">
            <p className="font-medium">{e.change}</p>
            <p className="text-muted">
              {[e.level, e.dates].filter(Boolean).join(" · ")}
            </p>
            {e.note ? <p className="whitespace-pre-line break-words">{e.note}</p> : null}
            <p className="text-muted">
              {e.who}, <time dateTime={e.atIso}>{e.at}</time>
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
