/** The field problems of a dialog form (zod issues), each with its path. */
export function IssueList({
  issues,
  testId,
}: {
  issues: { path: string; message: string }[];
  testId: string;
}) {
  if (issues.length === 0) return null;
  return (
    <ul role="alert" className="text-red-600 text-xs md:col-span-2 dark:text-red-400" data-testid={testId}>
      {issues.map((i) => (
        <li key={`${i.path}:${i.message}`}>
          <span className="font-mono">{i.path}</span>: {i.message}
        </li>
      ))}
    </ul>
  );
}
