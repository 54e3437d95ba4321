import { type ReactNode, Suspense } from "react";
import { Card } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";

/**
 * The boundary of a list view that reads the URL (filters, sort, `?cluster=` through
 * `useSearchParams`): Next renders such a view in the browser, and this card of placeholder rows
 * stands in for it in the prerendered page.
 */
export function UrlSuspense({
  columns,
  rows,
  children,
}: {
  columns: number;
  rows: number;
  children: ReactNode;
}) {
  return (
    <Suspense
      fallback={
        <Card>
          <TableSkeleton columns={columns} rows={rows} />
        </Card>
      }
    >
      {children}
    </Suspense>
  );
}
