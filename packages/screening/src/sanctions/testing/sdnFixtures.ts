/**
 * Test fixtures (not exported): one small SDN list written in each OFAC format (§4.2) — SDN.XML, SDN_ADVANCED.XML
 * and the SDN.CSV family — with the cases that matter: mixed-case EVM addresses, non-EVM addresses (XBT, TRX, XMR)
 * that must be ignored, EVM addresses tagged USDT/ARB/BSC/USDC, the same address in two entries under two
 * tickers and two cases, a malformed "0x" value, an entry without addresses, an XML entity in a name, and (CSV)
 * remarks that overflow into SDN_COMMENTS.CSV with an address cut in two.
 */

export type FixtureEntry = {
  uid: string;
  name: string;
  type: "Entity" | "Individual";
  programs: string[];
  ids: { type: string; number: string }[];
  /** CSV only: where SDN.CSV's Remarks is cut, the rest going to SDN_COMMENTS.CSV. */
  csvCutAt?: number;
};

export const A = "0x098b716b8aaf21512996dc57eb0615e2383e2f96";
export const B = "0xa0e1c89ef1a489c9c7de96311ed5ce5d32c20e4b";
export const C = "0x7f367cc41522ce07553e823bf3be79a889debe1b";
export const D = "0x8589427373d6d84e98730d7795d8f6f8731fda16";
export const E = "0x1da5821544e25c636c1417ba96ade4cf6d2f9b5a";
export const F = "0x9f4cda013e354b8fc285bf4b9a60460cee7f7ea9";
/** The EVM set every format must give. */
export const EXPECTED = [A, B, C, D, E, F].sort();

const dca = (ticker: string, number: string) => ({ type: `Digital Currency Address - ${ticker}`, number });

export const ENTRIES: FixtureEntry[] = [
  {
    uid: "1001",
    name: "LAZARUS TEST GROUP",
    type: "Entity",
    programs: ["DPRK3", "CYBER2"],
    ids: [
      dca("ETH", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
      dca("XBT", "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6"),
      dca("ETH", "0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B"),
      { type: "Secondary sanctions risk:", number: "North Korea Sanctions Regulations" },
    ],
  },
  {
    uid: "1002",
    name: "PETROV, Ivan",
    type: "Individual",
    programs: ["CYBER2"],
    ids: [
      dca("USDT", "0x7F367cC41522cE07553e823bf3be79A889DEbe1B"),
      dca("TRX", "TNWNEtTxhKMe9GXbHk1JfU9sGDXgxhBQvD"),
      dca(
        "XMR",
        "4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge",
      ),
    ],
  },
  {
    uid: "1003",
    name: "SMITH & SONS TRADING",
    type: "Entity",
    programs: ["IRAN"],
    ids: [
      dca("ARB", "0x098b716b8aaf21512996dc57eb0615e2383e2f96"),
      dca("BSC", "0x8589427373D6D84E98730D7795D8f6f8731FDA16"),
    ],
  },
  {
    uid: "1004",
    name: "NO CRYPTO SHIPPING",
    type: "Entity",
    programs: ["SDGT"],
    ids: [{ type: "IMO", number: "9187629" }],
  },
  {
    uid: "1005",
    name: "TYPO HOLDINGS",
    type: "Entity",
    programs: ["RUSSIA-EO14024"],
    ids: [dca("ETH", "0x123"), dca("USDC", "0x1da5821544e25c636c1417BA96Ade4Cf6D2F9B5A")],
  },
  {
    uid: "1006",
    name: "LONG REMARKS LTD",
    type: "Entity",
    programs: ["CYBER2"],
    ids: [
      dca("XBT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
      dca("ETH", "0x9F4cDa013E354b8fC285BF4b9A60460cEe7f7Ea9"),
    ],
    // Cut inside the ETH address: SDN.CSV keeps "…ETH 0x9F4cDa013E" and SDN_COMMENTS.CSV the rest.
    csvCutAt: 107,
  },
];

const xmlEscape = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** `YYYY-MM-DD` → OFAC's `MM/DD/YYYY`. */
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** SDN.XML as OFAC writes it (legacy layout; `publshInformation` sic). */
export function sdnXml(
  entries: FixtureEntry[],
  options: { publishDate: string; recordCount?: number },
): string {
  const body = entries
    .map((e) => {
      const ids = e.ids
        .map(
          (id, i) =>
            `      <id>\n        <uid>${Number(e.uid) * 10 + i}</uid>\n        <idType>${xmlEscape(id.type)}</idType>\n` +
            `        <idNumber>${xmlEscape(id.number)}</idNumber>\n      </id>\n`,
        )
        .join("");
      const [last, first] = e.type === "Individual" ? e.name.split(", ") : [e.name, undefined];
      return (
        `  <sdnEntry>\n    <uid>${e.uid}</uid>\n` +
        (first === undefined ? "" : `    <firstName>${xmlEscape(first)}</firstName>\n`) +
        `    <lastName>${xmlEscape(last ?? "")}</lastName>\n    <sdnType>${e.type}</sdnType>\n` +
        `    <programList>\n${e.programs.map((p) => `      <program>${p}</program>\n`).join("")}    </programList>\n` +
        (e.ids.length === 0 ? "" : `    <idList>\n${ids}    </idList>\n`) +
        "  </sdnEntry>\n"
      );
    })
    .join("");
  return (
    '<?xml version="1.0" standalone="yes"?>\n' +
    '<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://tempuri.org/sdnList.xsd">\n' +
    `  <publshInformation>\n    <Publish_Date>${usDate(options.publishDate)}</Publish_Date>\n` +
    `    <Record_Count>${options.recordCount ?? entries.length}</Record_Count>\n  </publshInformation>\n` +
    `${body}</sdnList>\n`
  );
}

/** SDN_ADVANCED.XML: feature types resolved by text; `referenceLast` puts the reference set after the parties. */
export function sdnAdvancedXml(
  entries: FixtureEntry[],
  options: { publishDate: string; referenceLast?: boolean; namespace?: string },
): string {
  const tickers = [...new Set(entries.flatMap((e) => e.ids.map((i) => i.type)))].sort();
  const typeId = (t: string) => String(340 + tickers.indexOf(t));
  const reference =
    '  <ReferenceValueSets>\n    <PartySubTypeValues><PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType></PartySubTypeValues>\n' +
    "    <FeatureTypeValues>\n" +
    tickers
      .map(
        (t) => `      <FeatureType ID="${typeId(t)}" FeatureTypeGroupID="1">${xmlEscape(t)}</FeatureType>\n`,
      )
      .join("") +
    '      <FeatureType ID="8" FeatureTypeGroupID="2">Vessel Flag</FeatureType>\n    </FeatureTypeValues>\n  </ReferenceValueSets>\n';
  const parties =
    "  <DistinctParties>\n" +
    entries
      .map(
        (e) =>
          `    <DistinctParty FixedRef="${e.uid}">\n      <Comment />\n      <Profile ID="${e.uid}" PartySubTypeID="3">\n` +
          `        <Identity ID="${Number(e.uid) + 5000}" FixedRef="${e.uid}" Primary="true" False="false">\n` +
          `          <Alias FixedRef="${e.uid}" AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="1"><DocumentedNamePart><NamePartValue NamePartGroupID="1">${xmlEscape(e.name)}</NamePartValue></DocumentedNamePart></DocumentedName></Alias>\n` +
          "        </Identity>\n" +
          e.ids
            .map(
              (id, i) =>
                `        <Feature ID="${Number(e.uid) * 10 + i}" FeatureTypeID="${typeId(id.type)}">\n` +
                `          <FeatureVersion ID="${Number(e.uid) * 10 + i}" ReliabilityID="1">\n            <Comment />\n` +
                `            <VersionDetail DetailTypeID="1432">${xmlEscape(id.number)}</VersionDetail>\n` +
                '          </FeatureVersion>\n          <IdentityReference IdentityID="1" IdentityFeatureLinkTypeID="1" />\n        </Feature>\n',
            )
            .join("") +
          "      </Profile>\n    </DistinctParty>\n",
      )
      .join("") +
    "  </DistinctParties>\n";
  const [y, m, d] = options.publishDate.split("-").map(Number);
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<Sanctions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${options.namespace ?? "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"}">\n` +
    `  <DateOfIssue>\n    <Year>${y}</Year>\n    <Month>${m}</Month>\n    <Day>${d}</Day>\n  </DateOfIssue>\n` +
    (options.referenceLast ? parties + reference : reference + parties) +
    "  <SanctionsEntries />\n</Sanctions>\n"
  );
}

const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The SDN.CSV family: SDN.CSV (no header, 12 columns, `-0- ` empty, CRLF, SUB at the end) and SDN_COMMENTS.CSV. */
export function sdnCsv(entries: FixtureEntry[]): { sdn: string; comments: string } {
  const rows: string[] = [];
  const comments: string[] = [];
  for (const e of entries) {
    let remarks = e.ids.map((id, i) => `${i === 0 ? "" : "alt. "}${id.type} ${id.number};`).join(" ");
    if (e.ids.length === 0) remarks = "-0- ";
    if (e.csvCutAt !== undefined) {
      comments.push(`${e.uid},${csvField(remarks.slice(e.csvCutAt))}`);
      remarks = remarks.slice(0, e.csvCutAt);
    }
    const name = e.name;
    rows.push(
      [
        e.uid,
        csvField(name),
        csvField(e.type === "Individual" ? "individual" : "-0- "),
        csvField(e.programs.join("] [")),
        '"-0- "',
        '"-0- "',
        '"-0- "',
        '"-0- "',
        '"-0- "',
        '"-0- "',
        '"-0- "',
        csvField(remarks),
      ].join(","),
    );
  }
  return { sdn: `${rows.join("\r\n")}\r\n\x1a\r\n`, comments: `${comments.join("\r\n")}\r\n` };
}
