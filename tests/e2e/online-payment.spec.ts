import { startFakeStripeServer } from "../support/fake-stripe";
import { DEMO, expect, expectAxeClean, test } from "./fixtures";
import { addAndAdmit, fitsThePhone, inviteAndAccept, ORG, runId, setUpHouse } from "./money-setup";

/**
 * Online payment on a phone (ADR 032), with Stripe faked on loopback (scripts/e2e-server.js
 * points the server at E2E_PORT + 1000): the owner connects Stripe (onboarding, faked) and
 * comes back; a house manager records a charge for a resident of a house set up by this
 * test (./money-setup: no demo resident's balance is read or changed, so the spec runs in
 * any order beside the others); the resident presses Pay on "My dues" and is sent to Stripe
 * Checkout (the browser's request to Stripe is answered locally). Connecting is the org's
 * one switch: the button reads "Connect Stripe" or "Continue Stripe setup" either way.
 */
test.use({ viewport: { width: 390, height: 844 } });

let fake: Awaited<ReturnType<typeof startFakeStripeServer>> | null = null;
test.beforeAll(async () => {
  fake = await startFakeStripeServer(Number(process.env.E2E_PORT ?? 3100) + 1000);
});
test.afterAll(async () => {
  await fake?.close();
});

test("the owner connects Stripe; the resident presses Pay and reaches Checkout", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  // Stripe's own pages are off this machine: answer them here.
  await page.context().route(/^https:\/\/(connect|checkout)\.stripe\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Stripe (fake)</title><h1>Stripe (fake)</h1>" }),
  );

  // The owner connects the org's Stripe account and comes back from onboarding.
  await signIn(DEMO.owner);
  await page.goto(`${ORG}/settings/payments`);
  await expect(page.getByRole("heading", { level: 1, name: "Online payments" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: /Connect Stripe|Continue Stripe setup/ }).click();
  await page.waitForURL(/connect\.stripe\.com/);
  await page.goto(`${ORG}/settings/payments?returned=1`);
  await expect(page.getByTestId("payments-status")).toHaveText(/Connected: residents see a Pay button/);

  // A house manager sets up a house of their own, admits a new resident and invites them.
  const run = runId();
  const who = { name: `Morgan Tillery ${run}`, email: `morgan.${run}@example.test` };
  await signIn(DEMO.houseManager);
  const houseUrl = await setUpHouse(page, `Zephyr House ${run}`, null, 1);
  const residentId = await addAndAdmit(page, who.name, who.email, `Zephyr House ${run}`, "Room 1 · Bed A");
  const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(residentContext);
  await residentContext.route(/^https:\/\/checkout\.stripe\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Checkout (fake)</title><h1>Stripe Checkout (fake)</h1>" }),
  );
  const resident = await inviteAndAccept(page, residentContext, residentId, who);

  // The manager records a $40 charge for them on the house's Fees page.
  await page.goto(`${houseUrl}/fees`);
  const entry = page.locator("form#entry");
  await entry.getByLabel("Resident").selectOption({ label: who.name });
  await entry.getByLabel("Charge or credit").selectOption("charge");
  await entry.getByLabel("Amount").fill("40");
  await entry.getByLabel("Reason").fill("Weekly fee");
  await entry.getByRole("button", { name: "Record" }).click();
  await expect(page.getByText(/Charge of \$40\.00 recorded/)).toBeVisible();

  // The resident, on a phone, pays $12.50 online.
  await resident.goto(`${ORG}/me/dues`);
  await expect(resident.getByRole("heading", { level: 1, name: "My dues" })).toBeVisible();
  await expectAxeClean(resident);
  await expect(resident.getByTestId("balance")).toHaveText("You owe $40.00");
  await fitsThePhone(resident);

  // Too much is refused on the field (a 400, expected), with nothing sent to Stripe.
  consoleErrors.allow(/status of 400/);
  const before = fake!.requests.length;
  const pay = resident.locator("form#pay");
  await pay.getByRole("radio", { name: "Another amount" }).check();
  await pay.getByRole("textbox", { name: "Amount, if another amount" }).fill("999999");
  await pay.getByRole("button", { name: "Pay online" }).click();
  await expect(pay.getByText(/more than the balance/)).toBeVisible();
  expect(fake!.requests.length).toBe(before);
  await expectAxeClean(resident);

  await resident.locator("form#pay").getByRole("radio", { name: "Another amount" }).check();
  await resident.locator("form#pay").getByRole("textbox", { name: "Amount, if another amount" }).fill("12.50");
  await resident.locator("form#pay").getByRole("button", { name: "Pay online" }).click();
  await resident.waitForURL(/^https:\/\/checkout\.stripe\.com\//);
  await expect(resident.getByRole("heading", { name: "Stripe Checkout (fake)" })).toBeVisible();
  const sent = fake!.requests.filter((r) => r.path === "/v1/checkout/sessions");
  expect(sent.at(-1)!.headers["stripe-account"]).toMatch(/^acct_/);
  expect(sent.at(-1)!.headers["idempotency-key"]).toMatch(/^checkout-/);
  expect(sent.at(-1)!.body.get("line_items[0][price_data][unit_amount]")).toBe("1250");
  await residentContext.close();
});
