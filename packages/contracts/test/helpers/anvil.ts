export { anvilBinary, startAnvil, type TestAnvil } from "../../scripts/anvil.ts";
