import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StatementPage } from "#app/ui/statement";
import { loadStaffStatement } from "./o.$org.statements.helpers.server";

/** A resident's monthly statement seen by the house's team (fees:read): page and print; the PDF is `…/pdf` (ADR 033). */
export const meta: MetaFunction = () => [{ title: "Statement · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadStaffStatement(request, params);
}

export default function StaffStatement() {
  return <StatementPage v={useLoaderData<typeof loader>()} />;
}
