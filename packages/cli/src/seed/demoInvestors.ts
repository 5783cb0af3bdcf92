import { type Hex, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEMO_COUNTRIES } from "../devnetDefaults.ts";

export type DemoInvestor = {
  id: number;
  privateKey: Hex;
  wallet: `0x${string}`;
  record: {
    country: number;
    kycExpiry: number;
    accreditationExpiry: number;
    lockupUntil: number;
    usPerson: boolean;
    frozen: boolean;
  };
};

const DAY = 86_400;

/**
 * The demo issuer's investors: deterministic keys (so a restart finds the same wallets), countries across
 * the class's allow-list plus two outside it, about two in three accredited (some expired), some in a
 * lock-up, two with expired KYC and one frozen. Devnet only: these keys are public.
 */
export function demoInvestors(count: number, now: number): DemoInvestor[] {
  const out: DemoInvestor[] = [];
  for (let id = 1; id <= count; id++) {
    const privateKey = keccak256(toHex(`coinscious-demo-investor-${id}`));
    const country =
      id % 23 === 0 ? 643 : id % 19 === 0 ? 408 : (DEMO_COUNTRIES[id % DEMO_COUNTRIES.length] as number);
    out.push({
      id,
      privateKey,
      wallet: privateKeyToAccount(privateKey).address,
      record: {
        country,
        kycExpiry: id % 17 === 0 ? now - 30 * DAY : now + 365 * DAY,
        accreditationExpiry: id % 3 === 0 ? 0 : id % 11 === 0 ? now - 10 * DAY : now + 365 * DAY,
        lockupUntil: id % 7 === 0 ? now + 180 * DAY : 0,
        usPerson: country === 840,
        frozen: id === 13,
      },
    });
  }
  return out;
}
