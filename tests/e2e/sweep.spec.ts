import type { Page } from "@playwright/test";
import { axeViolations, DEMO, expect, test } from "./fixtures";

/**
 * The page sweep: every page each demo role can reach, on a 390 px phone and a 1366 px
 * desktop. Pages are discovered, not listed: the role's navigation, then links found on the
 * pages visited (a house, a resident, an application, a stay, their forms …), one page per
 * route shape (ids replaced), so a new page is swept as soon as something links to it.
 *
 * On every page: status 200, no console errors (the fixture), axe clean, no duplicate ids,
 * every `form="…"` attribute names a <form>, and nothing wider than the viewport — also
 * with every <details> (the phone menus) open.
 */

const ROLES = [
  ["owner", DEMO.owner],
  ["admin", DEMO.admin],
  ["house manager", DEMO.houseManager],
  ["staff", DEMO.staff],
  ["resident", DEMO.resident],
  ["certifier admin", DEMO.certifierAdmin],
  ["auditor", DEMO.auditor],
] as const;

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1366, height: 900 },
] as const;

/** At most this many route shapes per role (a guard against a crawl that runs away). */
const MAX_PAGES = 40;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function shapeOf(path: string) {
  return path.replace(UUID, ":id");
}

/** Same-origin app pages worth visiting: the org's pages, the account and the org list. */
function worthVisiting(path: string, orgBase: string) {
  if (path === "/account" || path === "/orgs") return true;
  return path === orgBase || path.startsWith(`${orgBase}/`);
}

type PageReport = { duplicateIds: string[]; badFormAttributes: string[]; scrollWidth: number; innerWidth: number; tooWide: string[] };

async function inspect(page: Page): Promise<PageReport> {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    const duplicateIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    const badFormAttributes = [...document.querySelectorAll("[form]")]
      .filter((el) => !(document.getElementById(el.getAttribute("form") ?? "") instanceof HTMLFormElement))
      .map((el) => `<${el.tagName.toLowerCase()} name="${el.getAttribute("name") ?? ""}" form="${el.getAttribute("form")}">`);
    const innerWidth = window.innerWidth;
    const tooWide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
      .filter((el) => !el.closest(".sr-only"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].slice(0, 4).join(".")} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { duplicateIds, badFormAttributes, scrollWidth: document.scrollingElement!.scrollWidth, innerWidth, tooWide };
  });
}

async function linksOn(page: Page, orgBase: string) {
  // Downloads (the audit CSV) are not pages.
  const hrefs = await page.$$eval("a[href]:not([download])", (as) => as.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  return hrefs
    .map((h) => new URL(h))
    .filter((u) => u.origin === origin && worthVisiting(u.pathname, orgBase))
    .map((u) => u.pathname + u.search);
}

for (const viewport of VIEWPORTS) {
  for (const [role, email] of ROLES) {
    test(`sweep: every page for the ${role} at ${viewport.width} px`, async ({ page, signIn }) => {
      test.setTimeout(600_000);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await signIn(email);
      await page.goto("/");
      const orgBase = new URL(page.url()).pathname.match(/^\/o\/[a-z0-9-]+/)?.[0];
      expect(orgBase, `${role} lands in an organisation`).toBeTruthy();

      const seen = new Set<string>();
      const queue: string[] = [];
      const enqueue = (paths: string[]) => {
        for (const path of paths) {
          const shape = shapeOf(new URL(path, "http://x").pathname);
          if (seen.has(shape)) continue;
          seen.add(shape);
          queue.push(path);
        }
      };
      enqueue([new URL(page.url()).pathname]);
      const nav = page.getByRole("navigation", { name: "Sections" });
      enqueue(await nav.locator("a[href]").evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname)));
      enqueue(["/account", "/orgs"]);

      const visited: string[] = [];
      const problems: string[] = [];
      while (queue.length && visited.length < MAX_PAGES) {
        const path = queue.shift()!;
        const started = Date.now();
        const response = await page.goto(path);
        visited.push(path);
        if (response?.status() !== 200) {
          problems.push(`${path}: status ${response?.status()}`);
          continue;
        }
        for (const line of await axeViolations(page)) problems.push(`${path}: ${line}`);
        const report = await inspect(page);
        if (report.duplicateIds.length) problems.push(`${path}: duplicate ids ${report.duplicateIds.join(", ")}`);
        if (report.badFormAttributes.length) problems.push(`${path}: form attributes that name no form: ${report.badFormAttributes.join(", ")}`);
        if (report.scrollWidth > report.innerWidth)
          problems.push(`${path}: ${report.scrollWidth} px wide in a ${report.innerWidth} px viewport: ${report.tooWide.join("; ")}`);
        // Menus and disclosures open must still fit.
        const opened = await page.evaluate(() => {
          const all = [...document.querySelectorAll("details")];
          all.forEach((d) => (d.open = true));
          return all.length;
        });
        if (opened) {
          const open = await inspect(page);
          if (open.scrollWidth > open.innerWidth)
            problems.push(`${path} (menus open): ${open.scrollWidth} px wide in a ${open.innerWidth} px viewport: ${open.tooWide.join("; ")}`);
        }
        enqueue(await linksOn(page, orgBase!));
        if (process.env.SWEEP_TIMINGS) console.info(`sweep ${role} ${viewport.width}px ${path} ${Date.now() - started} ms`);
      }
      expect(problems, `pages visited by the ${role}: ${visited.join(" ")}`).toEqual([]);
      expect(visited.length, `${role} reached more than its home page`).toBeGreaterThan(2);
    });
  }
}
