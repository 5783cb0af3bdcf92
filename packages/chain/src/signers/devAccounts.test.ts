import assert from "node:assert/strict";
import { test } from "node:test";
import { mnemonicToAccount } from "viem/accounts";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_MNEMONIC, isDevAccountAddress } from "./devAccounts.ts";

test("the dev address table is the first 10 accounts derived from anvil's mnemonic", () => {
  const derived = Array.from(
    { length: 10 },
    (_, i) => mnemonicToAccount(ANVIL_DEV_MNEMONIC, { addressIndex: i }).address,
  );
  assert.deepEqual(derived, ANVIL_DEV_ADDRESSES);
});

test("isDevAccountAddress ignores letter case", () => {
  assert.equal(isDevAccountAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), true);
  assert.equal(isDevAccountAddress("0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"), true);
  assert.equal(isDevAccountAddress("0x0000000000000000000000000000000000000001"), false);
});
