/** Field style shared by the gateway dialogs and the probe form. */
export const fieldClass =
  "h-8 w-full rounded-lg border border-zinc-200 bg-white px-2.5 text-sm shadow-xs outline-none focus:border-sky-500 dark:border-zinc-700/80 dark:bg-zinc-900";

export interface SecretCandidate {
  namespace: string;
  name: string;
  isCA: boolean;
  subject?: string;
}

const defaultLabel = (c: SecretCandidate) =>
  `${c.namespace}/${c.name}${c.subject ? ` — ${c.subject}` : ""}${c.isCA ? " (CA)" : ""}`;

/**
 * A TLS Secret chooser as `namespace/name`: a select over the Secrets the gateway data lists, or a
 * free-text field when they could not be listed (e.g. RBAC forbids listing Secrets).
 * Test ids: `<testId>-select` / `<testId>-input`.
 */
export function SecretPicker({
  id,
  label,
  value,
  onChange,
  candidates,
  testId,
  optionLabel = defaultLabel,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  candidates: readonly SecretCandidate[];
  testId: string;
  optionLabel?: (c: SecretCandidate) => string;
}) {
  return (
    <label className="block" htmlFor={id}>
      <span className="mb-1 block text-xs text-zinc-500">{label}</span>
      {candidates.length ? (
        <select
          id={id}
          className={fieldClass}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`${testId}-select`}
        >
          {candidates.map((c) => (
            <option key={`${c.namespace}/${c.name}`} value={`${c.namespace}/${c.name}`}>
              {optionLabel(c)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className={fieldClass}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="namespace/name"
          data-testid={`${testId}-input`}
        />
      )}
    </label>
  );
}
