import { addDays, formatDay } from "../../app/lib/dates";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";
import { addAndAdmit, fitsThePhone, inviteAndAccept, moveIn, ORG, runId, setUpHouse, today } from "./money-setup";

// Fee agreements (issue 11, item 1; ADR 031) on a phone: a resident acknowledges their fees
// with a typed full name (with and without JavaScript) and their charges, waiting until
// then, post back to the first day of their stay; the house manager sees the agreement
// acknowledged. And the paper path: a manager records a paper acknowledgement.
//
// Independent of the demo rows and of the specs running alongside: each test sets up a
// house of its own (its name sorts after the demo houses, so "first free bed" elsewhere
// never lands here) with a weekly fee, and residents unique to the run (./money-setup).

test.use({ viewport: { width: 390, height: 844 } });

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "JS" : "no JS";
  test(`a resident acknowledges their fees on a phone and sees the charges from their first day; the manager sees it acknowledged (${mode})`, async ({
    page,
    browser,
    baseURL,
    signIn,
    consoleErrors,
  }) => {
    test.setTimeout(240_000);
    consoleErrors.allow(failedLoad(400)); // the refused name answers 400 (a document without JavaScript)
    const run = runId();
    const houseName = `Zephyr House ${run}`;
    const feeName = `Weekly rent ${run}`;
    const who = { name: `Quinn Ashgrove ${run}`, email: `quinn.${run}@example.test` };

    await signIn(DEMO.houseManager);
    const houseUrl = await setUpHouse(page, houseName, feeName, 1);
    const residentId = await addAndAdmit(page, who.name, who.email, houseName, "Room 1 · Bed A");

    // Before they acknowledge, the house's agreements page says so, and the charges wait.
    await page.goto(`${houseUrl}/fees/agreements`);
    const agreements = page.getByRole("list", { name: "Fee agreements" });
    await expect(agreements.getByRole("listitem").filter({ hasText: who.name })).toContainText("Waiting for them to acknowledge");
    await expect(page.getByRole("list", { name: "Charges waiting" }).getByRole("listitem").filter({ hasText: who.name })).toBeVisible();

    // The resident, on a phone in a browser of their own (JavaScript on or off).
    const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, javaScriptEnabled });
    consoleErrors.watch(residentContext);
    const resident = await inviteAndAccept(page, residentContext, residentId, who);
    const axe = () => expectAxeClean(resident, { javaScriptDisabled: !javaScriptEnabled });

    await resident.goto(`${ORG}/me/dues`);
    await expect(resident.getByRole("heading", { level: 1, name: "My dues" })).toBeVisible();
    await expect(resident.getByTestId("balance")).toHaveText("You're all paid up.");
    await resident.getByRole("link", { name: "My fee agreement" }).click();
    await expect(resident.getByRole("heading", { level: 1, name: "My fee agreement" })).toBeVisible();
    await expect(resident.getByRole("list", { name: "Fees" }).getByRole("listitem").filter({ hasText: `${feeName}: $70.00` })).toBeVisible();
    await fitsThePhone(resident);
    await axe();

    // A name that isn't theirs is refused, and nothing is signed.
    const form = resident.locator("form#acknowledge");
    await form.getByLabel("Your full name").fill("Somebody Else");
    await form.getByRole("button", { name: "Acknowledge my fees" }).click();
    await expect(form.getByText(/doesn't match the name on your record/)).toBeVisible();
    await expect(form.getByLabel("Your full name")).toHaveValue("Somebody Else");
    await axe();

    // Their own name signs it.
    await form.getByLabel("Your full name").fill(who.name);
    await form.getByRole("button", { name: "Acknowledge my fees" }).click();
    await expect(resident.getByText(`You acknowledged these terms as “${who.name}” on`)).toBeVisible();
    await expect(resident.locator("form#acknowledge")).toHaveCount(0);
    await fitsThePhone(resident);
    await axe();

    // "My dues": the charges posted back to the first day of the stay.
    await resident.getByRole("link", { name: "Back to my dues" }).click();
    await expect(resident.getByRole("heading", { level: 1, name: "My dues" })).toBeVisible();
    await expect(resident.getByTestId("balance")).toHaveText(/^You owe \$\d+\.\d\d$/);
    const history = resident.getByRole("list", { name: "History" });
    // The first charge is dated the day they moved in (a part period, charged by the day).
    await expect(history.getByRole("listitem").filter({ hasText: `Charge ${formatDay(moveIn)}` }).first()).toBeVisible();
    expect(await history.getByRole("listitem").filter({ hasText: /^Charge/ }).count()).toBeGreaterThanOrEqual(2);
    await fitsThePhone(resident);
    await axe();
    await residentContext.close();

    // The manager sees the agreement acknowledged, and no charge waiting for them.
    await page.goto(`${houseUrl}/fees/agreements`);
    const row = agreements.getByRole("listitem").filter({ hasText: who.name });
    await expect(row).toContainText("Acknowledged");
    await expect(page.getByRole("list", { name: "Charges waiting" }).getByRole("listitem").filter({ hasText: who.name })).toHaveCount(0);
    await row.getByRole("link", { name: /^Signed copy of / }).click();
    await expect(page.getByText(who.name).first()).toBeVisible();
    await fitsThePhone(page);
    await expectAxeClean(page);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a house manager records a paper acknowledgement; the waiting charges post from the first day", async ({ page, signIn, consoleErrors }) => {
    test.setTimeout(180_000);
    consoleErrors.allow(failedLoad(400)); // the refused day answers 400
    const run = runId();
    const houseName = `Zephyr House ${run}`;
    const feeName = `Weekly rent ${run}`;
    const name = `Rowan Pelletier ${run}`;

    await signIn(DEMO.houseManager);
    const houseUrl = await setUpHouse(page, houseName, feeName, 1);
    const residentId = await addAndAdmit(page, name, null, houseName, "Room 1 · Bed A");

    await page.goto(`${houseUrl}/fees/agreements`);
    await page.getByRole("link", { name: `Record a paper acknowledgement for ${name}` }).click();
    await expect(page).toHaveURL(new RegExp(`${houseUrl}/fees/agreements/paper/${residentId}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Paper acknowledgement: ${name}` })).toBeVisible();
    await expect(page.getByRole("list", { name: "Fees" }).getByRole("listitem").filter({ hasText: `${feeName}: $70.00` })).toBeVisible();
    await fitsThePhone(page);
    await expectAxeClean(page, { javaScriptDisabled: true });

    // A signing day in the future is refused; what was typed stays.
    const form = page.locator("form#paper");
    await form.getByLabel("Your full name").fill("Luis Ortega");
    await form.getByLabel("The day they signed").fill(addDays(today, 2));
    await form.getByLabel("Note").fill(`Signed copy in the office binder ${run}`);
    await form.getByRole("button", { name: "Record paper acknowledgement" }).click();
    await expect(page.getByText("The day they signed can't be in the future.")).toBeVisible();
    await expect(form.getByLabel("Your full name")).toHaveValue("Luis Ortega");
    await expect(form.getByLabel("Note")).toHaveValue(`Signed copy in the office binder ${run}`);
    await expectAxeClean(page, { javaScriptDisabled: true });

    await form.getByLabel("The day they signed").fill(moveIn);
    await form.getByRole("button", { name: "Record paper acknowledgement" }).click();
    await expect(page).toHaveURL(new RegExp(`${houseUrl}/fees/agreements$`));
    const row = page.getByRole("list", { name: "Fee agreements" }).getByRole("listitem").filter({ hasText: name });
    await expect(row).toContainText("Acknowledged");
    await expect(page.getByRole("list", { name: "Charges waiting" }).getByRole("listitem").filter({ hasText: name })).toHaveCount(0);

    // The signed copy reads back every field recorded.
    await row.getByRole("link", { name: /^Signed copy of / }).click();
    await expect(page.getByText(`Signed on paper on ${formatDay(moveIn)}, recorded by Luis Ortega on `)).toBeVisible();
    await expect(page.getByText(`Note: Signed copy in the office binder ${run}`)).toBeVisible();
    await fitsThePhone(page);
    await expectAxeClean(page, { javaScriptDisabled: true });

    // The resident's ledger has the charges from the first day of the stay.
    await page.goto(`${houseUrl}/fees/${residentId}`);
    await expect(page.getByRole("list", { name: "Entries" }).getByRole("listitem").filter({ hasText: formatDay(moveIn) }).first()).toBeVisible();
    await fitsThePhone(page);
  });
});
