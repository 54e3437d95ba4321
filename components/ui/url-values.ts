/** Reading page state from URL search params: pure, usable on the server and in the browser. */

/** Returns `value` when it is one of `allowed`, else undefined: URL input is untrusted. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
