import { ValidationError } from "@coinscious/core";

const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a snake_case SQL identifier; anything else is refused (identifiers come from code, never from users). */
export function quoteIdentifier(name: string): string {
  if (!IDENT_RE.test(name))
    throw new ValidationError(`Not a snake_case SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
