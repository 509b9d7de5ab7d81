import Bowser from "bowser";

/**
 * "Chrome on Android", "Safari on iOS", "Firefox on Windows" from a stored User-Agent
 * header, for the sessions list. Parsing is bowser's (ADR 011); we only pick the words.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const os = parsed.os.name;
  if (browser && os) return `${browser} on ${os}`;
  if (browser) return browser;
  if (os) return `A browser on ${os}`;
  return "Unknown browser";
}
