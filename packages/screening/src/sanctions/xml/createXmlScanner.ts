import { SanctionsListParseError } from "../errors.ts";

/** What the scanner reports. Names are local names (a `prefix:` is dropped); attributes keep their full names. */
export type XmlHandlers = {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data between two tags (entities and CDATA decoded), whitespace included. */
  text(text: string): void;
};

export type XmlScanner = {
  /** Feeds the next piece of the document; pieces may split anywhere, even inside a tag or an entity. */
  write(chunk: string): void;
  /** The document is complete: throws unless exactly one root element was opened and closed. */
  end(): void;
};

const NAME = /^[\p{L}_:][\p{L}\p{N}_:.-]*$/u;
const ATTRIBUTE = /\s+([^\s=/>"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/y;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * A small, strict, streaming XML scanner — just what the OFAC SDN files need (§4.2), with no dependency: elements,
 * attributes, text, the five predefined entities and character references, CDATA, comments, processing
 * instructions. It refuses what a well-formed OFAC file never contains and what makes XML parsers dangerous:
 * DOCTYPE (and so entity expansion and external entities), unknown entities, mismatched or unclosed tags, a
 * second root, text outside the root. Memory stays bounded by the largest text node, not the document, so a
 * 100 MB SDN_ADVANCED.XML streams through.
 *
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED` with the character offset.
 * @example
 * const scanner = createXmlScanner({ open: (n, a) => …, close: (n) => …, text: (t) => … });
 * for await (const piece of textStream) scanner.write(piece);
 * scanner.end();
 */
export function createXmlScanner(handlers: XmlHandlers): XmlScanner {
  let buffer = "";
  let consumed = 0; // characters before `buffer`
  let pendingText = "";
  const stack: string[] = [];
  let rootSeen = false;

  const fail = (message: string, at: number): never => {
    throw new SanctionsListParseError(`XML: ${message}`, { offset: consumed + at });
  };

  const decode = (raw: string, at: number): string => {
    if (!raw.includes("&")) return raw;
    let out = "";
    let i = 0;
    for (let amp = raw.indexOf("&"); amp !== -1; amp = raw.indexOf("&", i)) {
      out += raw.slice(i, amp);
      ENTITY.lastIndex = amp;
      const m = ENTITY.exec(raw);
      if (m === null) fail("unknown or malformed entity", at + amp);
      const [all, hex, dec, named] = m as RegExpExecArray;
      if (named !== undefined) out += NAMED[named];
      else {
        const code = Number.parseInt((hex ?? dec) as string, hex === undefined ? 10 : 16);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          fail("bad character reference", at + amp);
        out += String.fromCodePoint(code);
      }
      i = amp + all.length;
    }
    return out + raw.slice(i);
  };

  // Text is kept raw (entities undecoded) until the next tag, so an entity split across writes still decodes.
  const flushText = (at: number) => {
    if (pendingText === "") return;
    if (stack.length === 0 && pendingText.trim() !== "") fail("text outside the root element", at);
    if (stack.length > 0) handlers.text(decode(pendingText, at));
    pendingText = "";
  };

  const startTag = (body: string, at: number) => {
    const selfClosing = body.endsWith("/");
    const inner = selfClosing ? body.slice(0, -1) : body;
    const nameEnd = inner.search(/[\s]|$/);
    const name = inner.slice(0, nameEnd);
    if (!NAME.test(name)) fail(`bad element name "${name.slice(0, 40)}"`, at);
    if (stack.length === 0 && rootSeen) fail("a second root element", at);
    const attributes: Record<string, string> = {};
    let i = nameEnd;
    while (i < inner.length) {
      ATTRIBUTE.lastIndex = i;
      const m = ATTRIBUTE.exec(inner);
      if (m === null) {
        if (inner.slice(i).trim() === "") break;
        fail(`malformed attribute in <${name}>`, at + i);
      }
      const [all, key, dq, sq] = m as RegExpExecArray;
      if (!NAME.test(key as string) || Object.hasOwn(attributes, key as string)) {
        fail(`bad or repeated attribute "${key}" in <${name}>`, at + i);
      }
      attributes[key as string] = decode((dq ?? sq) as string, at + i);
      i += all.length;
    }
    rootSeen = true;
    const local = name.slice(name.indexOf(":") + 1);
    handlers.open(local, attributes);
    if (selfClosing) handlers.close(local);
    else stack.push(name);
  };

  /** Processes complete constructs in `buffer`; keeps an incomplete tail for the next write. */
  const pump = (final: boolean) => {
    let pos = 0;
    while (pos < buffer.length) {
      const lt = buffer.indexOf("<", pos);
      if (lt === -1) {
        pendingText += buffer.slice(pos);
        pos = buffer.length;
        break;
      }
      if (lt > pos) pendingText += buffer.slice(pos, lt);
      pos = lt;
      const rest = buffer.slice(pos, pos + 9);
      let close: number;
      if (rest.startsWith("<!--")) {
        close = buffer.indexOf("-->", pos + 4);
        if (close === -1) break;
        pos = close + 3;
      } else if (rest.startsWith("<![CDATA[")) {
        close = buffer.indexOf("]]>", pos + 9);
        if (close === -1) break;
        // CDATA is literal: escape "&" so the deferred decoding gives it back as written.
        pendingText += buffer.slice(pos + 9, close).replaceAll("&", "&amp;");
        pos = close + 3;
      } else if (rest.startsWith("<?")) {
        close = buffer.indexOf("?>", pos + 2);
        if (close === -1) break;
        const pi = buffer.slice(pos + 2, close);
        const encoding = /^xml\s[\s\S]*encoding\s*=\s*["']([^"']+)["']/.exec(pi)?.[1];
        if (encoding !== undefined && !/^(utf-8|us-ascii)$/i.test(encoding))
          fail(`unsupported encoding ${encoding}`, pos);
        pos = close + 2;
      } else if (rest.startsWith("<!")) {
        if ("<!--".startsWith(rest) || "<![CDATA[".startsWith(rest)) break; // need more input to tell
        fail("DOCTYPE and other declarations are refused", pos);
      } else {
        close = findTagEnd(buffer, pos + 1);
        if (close === -1) break;
        flushText(pos);
        if (buffer[pos + 1] === "/") {
          const name = buffer.slice(pos + 2, close).trimEnd();
          const open = stack.pop();
          if (open !== name) fail(`</${name}> does not close <${open ?? "nothing"}>`, pos);
          handlers.close(name.slice(name.indexOf(":") + 1));
        } else {
          startTag(buffer.slice(pos + 1, close), pos);
        }
        pos = close + 1;
      }
    }
    if (final && pos < buffer.length) fail("unterminated markup at the end of the document", pos);
    consumed += pos;
    buffer = buffer.slice(pos);
  };

  return {
    write(chunk) {
      buffer += chunk;
      pump(false);
    },
    end() {
      pump(true);
      flushText(buffer.length);
      if (!rootSeen) fail("no root element", 0);
      if (stack.length > 0) fail(`<${stack.at(-1)}> is never closed`, 0);
    },
  };
}

/** Index of the `>` ending the tag that starts at `from`, skipping quoted attribute values; -1 if not yet seen. */
function findTagEnd(text: string, from: number): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote !== "") {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}
