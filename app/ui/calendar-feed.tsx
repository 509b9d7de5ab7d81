import { Form } from "@remix-run/react";
import { Button } from "./form";
import { Card } from "./page";

/**
 * A calendar link's panel: its state, the new link right after it is made (shown once:
 * copy it, or open it as webcal:// to subscribe on this device), and the buttons to make a
 * new one or turn it off. Works without JavaScript.
 */
export function CalendarFeedPanel({
  live,
  fresh,
  what,
}: {
  /** The live link's making time, formatted by the loader (`formatDateTime`). */
  live: { made: string } | null;
  fresh: { feedUrl: string; webcalUrl: string } | null;
  what: string;
}) {
  return (
    <Card title="Calendar link">
      {fresh ? (
        <div className="space-y-3">
          <p>
            Copy this link now: for your privacy Hearth keeps only a fingerprint of it and can't show it again. Anyone with the
            link can see {what}, so keep it to yourself.
          </p>
          <label htmlFor="feed-url" className="block text-sm font-medium">
            Your calendar link
          </label>
          <input id="feed-url" type="text" readOnly maxLength={300} value={fresh.feedUrl} className="w-full rounded-md border border-line px-3 py-2 font-mono text-sm" />
          <p className="flex flex-wrap gap-4">
            <a href={fresh.webcalUrl} className="inline-flex min-h-11 items-center font-medium">
              Subscribe on this device
            </a>
            <a href={fresh.feedUrl} className="inline-flex min-h-11 items-center font-medium">
              Download the calendar file
            </a>
          </p>
        </div>
      ) : live ? (
        <p>
          Your calendar link was made {live.made}. If you lost it, or think someone else has it, make a
          new one: the old one stops working.
        </p>
      ) : (
        <p>You don't have a calendar link. Make one to see {what} in your phone's calendar app.</p>
      )}
      <div className="mt-4 flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="make-feed" />
          <Button type="submit">{live || fresh ? "Make a new link" : "Make my calendar link"}</Button>
        </Form>
        {live || fresh ? (
          <Form method="post">
            <input type="hidden" name="intent" value="turn-off-feed" />
            <Button type="submit" variant="secondary">
              Turn off the link
            </Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}
