import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/** The demo world printed by the server (db/seed/demo.ts); every account shares one password. */
export const DEMO_PASSWORD = "hearth-demo-2026";
export const DEMO = {
  owner: "dana.owner@demo.hearth.test",
  admin: "marcus.admin@demo.hearth.test",
  houseManager: "luis.manager@demo.hearth.test",
  staff: "jordan.coach@demo.hearth.test",
  resident: "sam.resident@demo.hearth.test",
  certifierAdmin: "elena.certifier@demo.hearth.test",
  auditor: "sofia.auditor@demo.hearth.test",
} as const;

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Run axe on the current page; fail with one readable line per offending element.
 * With JavaScript disabled in the page's context axe cannot run there, so pass
 * `{ javaScriptDisabled: true }`: the page's current HTML (scripts removed) is checked in a
 * scratch context at the same URL, so styles load and contrast is measured as served.
 */
export async function expectAxeClean(page: Page, opts: { javaScriptDisabled?: boolean } = {}) {
  let target = page;
  let scratch: BrowserContext | undefined;
  if (opts.javaScriptDisabled) {
    const url = page.url();
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
    scratch = await page.context().browser()!.newContext({ javaScriptEnabled: true });
    target = await scratch.newPage();
    await target.route((u) => u.href === url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
    await target.goto(url);
  }
  try {
    expect(await axeViolations(target), `accessibility violations on ${new URL(page.url()).pathname}`).toEqual([]);
  } finally {
    await scratch?.close();
  }
}

/** axe's findings on the page as it is, one readable line per offending element. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `[${v.impact ?? "?"}] ${v.id}: ${v.help} — ${n.target.join(" ")}\n    ${(n.failureSummary ?? "").replace(/\n/g, "\n    ")}`),
  );
}

/**
 * Sign in through the real login form endpoint (no UI): the session cookie lands in the
 * browser context, because context.request shares the context's cookie jar.
 */
export async function signInAs(context: BrowserContext, baseURL: string, email: string, password = DEMO_PASSWORD) {
  const response = await context.request.post("/login", {
    form: { email, password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `API sign-in as ${email}`).toBe(302);
  const cookies = await context.cookies(baseURL);
  expect(cookies.map((c) => c.name), `session cookie for ${email}`).toContain("hearth_session");
}

type ConsoleErrors = {
  /** Console errors matching this pattern are expected in this test (e.g. a 403 page load). */
  allow(pattern: RegExp): void;
  /** Also watch this context (one the test opened itself, say for a second user). */
  watch(context: BrowserContext): void;
};

type Fixtures = {
  /** Sign the test's browser context in as `email` (demo password unless given). */
  signIn: (email: string, password?: string) => Promise<void>;
  consoleErrors: ConsoleErrors;
};

export const test = base.extend<Fixtures>({
  // Any console error or uncaught page exception fails the test, unless allowed.
  consoleErrors: [
    async ({ context }, use) => {
      const allowed: RegExp[] = [];
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on("console", (msg) => {
          if (msg.type() === "error") errors.push(`console.error on ${page.url()}: ${msg.text()}`);
        });
        page.on("pageerror", (error) => errors.push(`uncaught exception on ${page.url()}: ${error.message}`));
      };
      const watchContext = (c: BrowserContext) => {
        c.pages().forEach(watch);
        c.on("page", watch);
      };
      watchContext(context);
      await use({ allow: (pattern) => void allowed.push(pattern), watch: watchContext });
      const unexpected = errors.filter((e) => !allowed.some((p) => p.test(e)));
      expect(unexpected, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
  signIn: async ({ context, baseURL }, use) => {
    await use((email, password) => signInAs(context, baseURL!, email, password));
  },
});

export { expect };

/** Chromium's console line for a document or fetch that answered with this status. */
export function failedLoad(status: number) {
  return new RegExp(`Failed to load resource: the server responded with a status of ${status}`);
}
