import { hashPassword } from "#app/auth/password.server";
import { topRoleFor } from "#app/domain/permissions";
import { setTenantOrg, setTenantUser, withPlatform } from "#app/db/tenant.server";
import { addMember, createOrg, createUser } from "#app/domain/orgs/orgs.server";
import { seedDocumentsDemo } from "./documents";
import { seedChoresDemo } from "./chores";
import { seedHousesDemo } from "./houses";
import { seedServicesDemo } from "./services";
import { seedSessionsDemo } from "./sessions";
import { seedFeesDemo } from "./fees";
import { seedArrearsDemo } from "./arrears";
import { seedPaymentPlansDemo } from "./payment-plans";
import { seedHouseFundDemo } from "./house-fund";
import { seedFeeAgreementsDemo } from "./fee-agreements";
import { seedVacanciesDemo } from "./vacancies";
import { seedSafetyDemo } from "./safety";
import { seedStandardsDemo } from "./standards";
import { seedGrantsDemo } from "./grants";
import { seedCertificationDemo } from "./certification";
import { seedInspectionsDemo } from "./inspections";
import { seedReviewDemo } from "./review";
import { seedConsentedEvidenceDemo } from "./consented-evidence";
import { seedFindingsDemo } from "./findings";
import { seedConsentsDemo } from "./consents";
import { seedReferralsDemo } from "./referrals";
import { seedPlansDemo } from "./plans";

/**
 * The demo world (all names invented; see shared/domain.md). Deterministic: the same
 * orgs, people and emails every time, so docs, tests and the printed logins agree.
 */
// The accounts (and their published password) live in a module without faker, so the
// server can print them without loading the seed (demo-accounts.ts).
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
export { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, type DemoUser } from "./demo-accounts";

export async function seedDemo() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { orgs, users } = await withPlatform({}, async (tx) => {
    const orgs = {} as Record<keyof typeof DEMO_ORGS, { id: string }>;
    for (const [key, o] of Object.entries(DEMO_ORGS)) {
      orgs[key as keyof typeof DEMO_ORGS] = await createOrg(tx, {
        name: o.name,
        slug: o.slug,
        kind: o.kind,
        timeZone: o.timeZone,
        currency: "USD",
      });
    }
    const users: Record<string, { id: string }> = {};
    for (const u of DEMO_USERS) {
      const user = await createUser(tx, { email: u.email, name: u.name, passwordHash });
      users[u.email] = user;
      if (u.phone) await tx.updateTable("app_user").set({ phone: u.phone }).where("id", "=", user.id).execute();
      // Added as if by the org's top role (membership writes are owner/admin only, RLS 0006).
      await setTenantUser(tx, user.id);
      await setTenantOrg(tx, orgs[u.org].id, topRoleFor(u.role));
      await addMember(tx, orgs[u.org].id, user.id, u.role);
    }
    return { orgs, users };
  });
  // Feature modules add their demo data here, in order (houses, residents, …).
  await seedHousesDemo({ orgs, users });
  await seedSessionsDemo({ orgs, users });
  await seedDocumentsDemo({ orgs, users });
  await seedChoresDemo({ orgs, users });
  await seedFeesDemo({ orgs, users });
  await seedArrearsDemo({ orgs, users });
  await seedPaymentPlansDemo({ orgs, users });
  await seedHouseFundDemo({ orgs, users });
  await seedFeeAgreementsDemo({ orgs, users });
  await seedVacanciesDemo({ orgs, users });
  await seedSafetyDemo({ orgs, users });
  await seedConsentsDemo({ orgs, users });
  await seedServicesDemo({ orgs, users });
  await seedReferralsDemo({ orgs, users });
  await seedPlansDemo({ orgs, users });
  await seedStandardsDemo({ orgs, users });
  await seedGrantsDemo({ orgs, users });
  await seedReviewDemo({ orgs, users });
  await seedCertificationDemo({ orgs, users });
  await seedConsentedEvidenceDemo({ orgs, users });
  await seedInspectionsDemo({ orgs, users });
  await seedFindingsDemo({ orgs, users });
  return { orgs, users };
}
