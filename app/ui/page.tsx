import type { ReactNode } from "react";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {description ? <p className="text-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

/** An honest empty state: says what will be here and what to do now. No fake data. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="rounded-lg border border-dashed border-line bg-white p-6">
      <h2 className="font-semibold">{title}</h2>
      {children ? <p className="mt-1 text-muted">{children}</p> : null}
    </section>
  );
}

export function Card({ title, children, headingLevel = 2 }: { title?: string; children: ReactNode; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="rounded-lg border border-line bg-white p-4">
      {title ? <H className="mb-3 font-semibold">{title}</H> : null}
      {children}
    </section>
  );
}
