import { createAddressCollector, DIGITAL_CURRENCY_PREFIX } from "./createAddressCollector.ts";
import { SanctionsListParseError } from "./errors.ts";
import type { ListParser } from "./listParser.ts";
import { checkIsoDate } from "./parseSdnXml.ts";
import { createXmlScanner } from "./xml/createXmlScanner.ts";

/**
 * Namespaces of the `Sanctions` root: the Sanctions List Service export named in §4.2, and the one the legacy
 * treasury.gov `sanctions/1.0/sdn_advanced.xml` download used [R: from memory, kept so that URL still works].
 */
export const SDN_ADVANCED_NAMESPACES: readonly string[] = [
  "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
  "http://www.un.org/sanctions/1.0",
];

type PendingFeature = { featureTypeId: string; values: string[]; entryId: string };

/**
 * A streaming parser for **SDN_ADVANCED.XML** (§4.2). The feature types are resolved **by their text, never by a
 * hard-coded ID**: every `ReferenceValueSets/FeatureTypeValues/FeatureType` whose text is
 * "Digital Currency Address - <TICKER>" (all tickers: EVM addresses are kept whatever their tag), then the
 * `VersionDetail` text under each `DistinctParties//Feature[@FeatureTypeID=<id>]`. Features met before the
 * reference set is complete wait until it is. The publish date is `DateOfIssue/{Year, Month, Day}`.
 *
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED` — not XML, wrong root or namespace, bad date.
 * @example
 * const parser = createSdnAdvancedXmlParser();
 * for await (const text of pieces) parser.write(text);
 * const { publishDate, entryCount, collector } = parser.end();
 */
export function createSdnAdvancedXmlParser(): ListParser {
  const collector = createAddressCollector();
  const tickers = new Map<string, string>(); // FeatureType ID → ticker
  let referenceValuesDone = false;
  const waiting: PendingFeature[] = [];
  const path: string[] = [];
  let text = "";
  const issue: Record<string, string> = {};
  let entryCount = 0;
  let partyId: string | undefined;
  let featureTypeId: string | undefined;
  let feature: PendingFeature | undefined;

  const settle = (f: PendingFeature) => {
    const ticker = tickers.get(f.featureTypeId);
    if (ticker !== undefined) for (const v of f.values) collector.add(ticker, v, f.entryId);
  };

  const scanner = createXmlScanner({
    open(name, attributes) {
      if (path.length === 0) {
        if (name !== "Sanctions")
          throw new SanctionsListParseError(`SDN_ADVANCED.XML: the root is <${name}>`);
        if (!SDN_ADVANCED_NAMESPACES.includes(attributes.xmlns ?? "")) {
          throw new SanctionsListParseError("SDN_ADVANCED.XML: unexpected namespace", {
            xmlns: attributes.xmlns,
          });
        }
      }
      path.push(name);
      text = "";
      if (name === "FeatureType" && path[path.length - 2] === "FeatureTypeValues")
        featureTypeId = attributes.ID;
      if (name === "DistinctParty" && path[1] === "DistinctParties") {
        partyId = attributes.FixedRef;
        if (partyId === undefined)
          throw new SanctionsListParseError("SDN_ADVANCED.XML: DistinctParty without FixedRef");
      }
      if (name === "Feature" && partyId !== undefined) {
        const typeId = attributes.FeatureTypeID;
        if (typeId === undefined)
          throw new SanctionsListParseError("SDN_ADVANCED.XML: Feature without FeatureTypeID");
        feature = { featureTypeId: typeId, values: [], entryId: partyId };
      }
    },
    text(piece) {
      text += piece;
    },
    close(name) {
      if (path.length === 3 && path[1] === "DateOfIssue") issue[name] = text.trim();
      else if (name === "FeatureType" && featureTypeId !== undefined) {
        const label = text.trim();
        if (label.startsWith(DIGITAL_CURRENCY_PREFIX)) {
          tickers.set(featureTypeId, label.slice(DIGITAL_CURRENCY_PREFIX.length));
        }
        featureTypeId = undefined;
      } else if (name === "ReferenceValueSets" && path.length === 2) {
        referenceValuesDone = true;
        for (const f of waiting.splice(0)) settle(f);
      } else if (name === "VersionDetail" && feature !== undefined) {
        feature.values.push(text.trim());
      } else if (name === "Feature" && feature !== undefined) {
        if (referenceValuesDone) settle(feature);
        else waiting.push(feature);
        feature = undefined;
      } else if (name === "DistinctParty" && partyId !== undefined) {
        entryCount += 1;
        partyId = undefined;
      }
      path.pop();
      text = "";
    },
  });

  return {
    write: (piece) => scanner.write(piece),
    end() {
      scanner.end();
      for (const f of waiting.splice(0)) settle(f);
      const { Year: y, Month: m, Day: d } = issue;
      const publishDate =
        y === undefined && m === undefined && d === undefined
          ? undefined
          : checkIsoDate(`${y ?? ""}-${(m ?? "").padStart(2, "0")}-${(d ?? "").padStart(2, "0")}`);
      return { publishDate, entryCount, collector };
    },
  };
}
