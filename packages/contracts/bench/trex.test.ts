import assert from "node:assert/strict";
import { test } from "node:test";
import { startAnvil } from "../test/helpers/anvil.ts";
import { measureTrexGas } from "./trex.ts";

test("T-REX gas scenarios all succeed with plausible gas", async () => {
  const anvil = await startAnvil();
  try {
    const gas = await measureTrexGas(anvil.rpcUrl);
    console.log(gas);
    for (const [scenario, used] of Object.entries(gas)) {
      assert.ok(used > 21_000n, `${scenario} used only ${used} gas`);
    }
    assert.ok(
      gas.transfer >= 150_000n && gas.transfer <= 600_000n,
      `transfer used ${gas.transfer} gas, outside the sanity range`,
    );
  } finally {
    await anvil.stop();
  }
});
