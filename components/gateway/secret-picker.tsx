import { Field, Input, SelectInput } from "@/components/ui/field";

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
    <Field id={id} label={label}>
      {candidates.length ? (
        <SelectInput
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`${testId}-select`}
        >
          {candidates.map((c) => (
            <option key={`${c.namespace}/${c.name}`} value={`${c.namespace}/${c.name}`}>
              {optionLabel(c)}
            </option>
          ))}
        </SelectInput>
      ) : (
        <Input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="namespace/name"
          data-testid={`${testId}-input`}
        />
      )}
    </Field>
  );
}
