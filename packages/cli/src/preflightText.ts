import type { SimulateReturnType } from "@coinscious/chain";

/** Human lines describing a preflight result. */
export function preflightLines(r: SimulateReturnType): string[] {
  if (r.ok) {
    const lines = [`preflight: OK (gas ≈ ${r.gasEstimate ?? "?"})`];
    for (const c of r.balanceChanges)
      lines.push(`  ${c.wallet}: ${c.before} → ${c.after} (${c.delta >= 0n ? "+" : ""}${c.delta})`);
    return lines;
  }
  return ["preflight: WOULD FAIL", ...r.reasons.map((x) => `  ${x.code ?? "-"} ${x.name}: ${x.title}`)];
}
