import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * A card whose body is one query's result: skeleton while pending, the error panel on failure,
 * else `children(data)`.
 */
export function QueryCard<T>({
  title,
  description,
  query,
  children,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  query: { data: T | undefined; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
  testId?: string;
}) {
  const { data, error, isPending } = query;
  return (
    <Card className="overflow-hidden" data-testid={testId}>
      <CardHeader title={title} description={description} />
      {isPending ? (
        <div className="space-y-2 px-5 py-4">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : error || data === undefined ? (
        <div className="px-5 py-4">
          <ErrorPanel error={error} />
        </div>
      ) : (
        children(data)
      )}
    </Card>
  );
}
