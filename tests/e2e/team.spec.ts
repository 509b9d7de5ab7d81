import { DEMO, expect, expectAxeClean, test } from "./fixtures";

// Team and invites (issue 7, item 10): houses are chosen in the invitation form itself, and
// changing a role asks first — with and without JavaScript.
const RUN = Date.now().toString(36).slice(-5);

// The role-change runs edit the same member: one after the other.
test.describe.configure({ mode: "serial" });

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "js" : "nojs";
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test(`an owner invites a staff member to two houses in one form, (${mode})`, async ({ page, signIn }) => {
      const axe = () => (javaScriptEnabled ? expectAxeClean(page) : expectAxeClean(page, { javaScriptDisabled: true }));
      await signIn(DEMO.owner);
      await page.goto("/o/riverside/members");
      const email = `coach.${RUN}.${mode}@example.test`;
      const invite = page.locator("form#invite");
      await invite.getByLabel("Email").fill(email);
      await invite.getByLabel("Role").selectOption({ label: "Staff (peer coach / case manager)" });
      const houses = invite.getByRole("group", { name: /Houses/ });
      await houses.getByRole("checkbox", { name: "Harbor House" }).check();
      await houses.getByRole("checkbox", { name: "Willow House" }).check();
      await invite.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();

      // Read back from a fresh load: the pending invitation names its houses.
      await page.goto("/o/riverside/members");
      const row = page.getByRole("table", { name: "Pending invitations" }).getByRole("row").filter({ hasText: email });
      await expect(row).toContainText("Staff");
      await expect(row).toContainText("Harbor House, Willow House");
      await axe();
    });

    test(`changing a role asks first; keeping it changes nothing (${mode})`, async ({ page, signIn }) => {
      const axe = () => (javaScriptEnabled ? expectAxeClean(page) : expectAxeClean(page, { javaScriptDisabled: true }));
      // James (Keystone's second auditor) is used by no other spec.
      await signIn(DEMO.certifierAdmin);
      await page.goto("/o/keystone/members");
      const james = page.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: "james.auditor@demo.hearth.test" });
      const role = james.getByRole("combobox");
      await expect(role.locator("option:checked")).toHaveText("Auditor");
      await role.selectOption({ label: "Certifier administrator" });
      await james.getByRole("button", { name: /^Change role/ }).click();
      const question = page.getByRole("heading", { name: "Change James Okafor's role from Auditor to Certifier administrator?" });
      await expect(question).toBeVisible();
      await axe();
      await page.getByRole("link", { name: "Keep the current role" }).click();
      await expect(question).toHaveCount(0);
      await expect(role.locator("option:checked")).toHaveText("Auditor");

      await role.selectOption({ label: "Certifier administrator" });
      await james.getByRole("button", { name: /^Change role/ }).click();
      await page.getByRole("button", { name: "Yes, change the role" }).click();
      await expect(page.getByText("James Okafor is now Certifier administrator.")).toBeVisible();
      await page.goto("/o/keystone/members");
      await expect(role.locator("option:checked")).toHaveText("Certifier administrator");
      // And back, confirmed the same way.
      await role.selectOption({ label: "Auditor" });
      await james.getByRole("button", { name: /^Change role/ }).click();
      await page.getByRole("button", { name: "Yes, change the role" }).click();
      await expect(page.getByText("James Okafor is now Auditor.")).toBeVisible();
    });
  });
}
