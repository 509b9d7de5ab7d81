/** Shown on every development-mailbox page: why it exists and when it goes away. */
export function DevMailboxNote() {
  return (
    <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm">
      <strong>Development only.</strong> This page exists because SMTP is not configured (<code>SMTP_URL</code> is
      unset), so Hearth keeps its emails here instead of sending them. Set <code>SMTP_URL</code> and this page
      disappears.
    </div>
  );
}
