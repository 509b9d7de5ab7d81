import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { EmptyState, PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "Overview · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org);
  if (ctx.role === "resident") throw redirect(`/o/${ctx.org.slug}/me`);
  return { orgName: ctx.org.name, kind: ctx.org.kind };
}

export default function OrgHome() {
  const { orgName, kind } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Overview" description={orgName} />
      {kind === "operator" ? (
        <EmptyState title="Houses and occupancy are coming next">
          This overview will show occupancy and vacancies across your houses, new applications, and what needs
          attention today. Until then, you can invite your team under <strong>Team</strong>.
        </EmptyState>
      ) : (
        <EmptyState title="Certification reviews are on their way">
          This overview will list the homes that have granted you access, upcoming inspections and open corrective
          actions. For now you can manage your team of auditors under <strong>Team</strong>.
        </EmptyState>
      )}
    </>
  );
}
