import { ANVIL_DEV_ADDRESSES } from "@coinscious/chain";

/** ISO 3166-1 numeric codes of the demo class's allow-list: US, DE, FR, GB, JP, CH, SG, CA. */
export const DEMO_COUNTRIES = [840, 276, 250, 826, 392, 756, 702, 124];

/** Anvil dev accounts 1–3 own the demo Safe (2-of-3); 4 is the guardian, 5 the registry oracle, 6 the anchorer. */
export const DEMO_ROLES = {
  deployer: 0,
  owners: [1, 2, 3],
  guardian: 4,
  registryOracle: 5,
  anchorer: 6,
} as const;

const addr = (i: number) => ANVIL_DEV_ADDRESSES[i] as `0x${string}`;

/** The deploy config `coinscious dev` and `coinscious deploy --network devnet` use unless given one. */
export function devnetDeployConfig(): Record<string, unknown> {
  return {
    salt: "coinscious-devnet",
    safe: { owners: DEMO_ROLES.owners.map(addr), threshold: 2 },
    guardian: addr(DEMO_ROLES.guardian),
    registryOracle: addr(DEMO_ROLES.registryOracle),
    anchorer: addr(DEMO_ROLES.anchorer),
    timelock: { minDelay: 60, executor: "anyone" },
    tokenClass: {
      name: "Demo Issuer Series A Preferred",
      symbol: "DEMO-A",
      decimals: 0,
      requireAccreditation: false,
      regS: false,
      regSDistributionEnd: 0,
      transfersLockedUntil: 0,
      maxBalancePerInvestor: "1000000",
      maxHolders: 1999,
      maxNonAccreditedHolders: 499,
      countryRule: 1,
      countries: DEMO_COUNTRIES,
    },
  };
}
