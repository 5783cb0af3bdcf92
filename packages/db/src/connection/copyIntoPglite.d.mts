/** See copyIntoPglite.mjs. */
export function copyIntoPglite(
  pglite: { Module: { FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void } } },
  runner: { query(sql: string): Promise<{ affectedRows?: number }> },
  target: string,
  data: Uint8Array,
  format: "text" | "binary" | undefined,
): Promise<number>;
