import type { AddressCollector } from "./createAddressCollector.ts";

/** What every format's streaming parser gives back once the document is complete. */
export type ParsedListBody = {
  /** `YYYY-MM-DD`; undefined when the format carries none (SDN.CSV). */
  publishDate: string | undefined;
  entryCount: number;
  collector: AddressCollector;
};

/** A streaming parser of one list format: text in (any split), the address set out. */
export type ListParser = {
  write(text: string): void;
  /** The input is complete: final checks, then the result. */
  end(): ParsedListBody;
};
