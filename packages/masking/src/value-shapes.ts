/**
 * What a value looks like, for keys whose word alone does not decide
 * (KeyRule.soft) and for address keys holding a network address.
 */

const LETTER = /[\p{L}\p{M}]/u;
const UPPER = /\p{Lu}/u;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/**
 * A value that is one UUID and nothing else (a message, file or request id):
 * no text rule masks it (corpus: text-lookalikes uuid-*, text-cards
 * not-uuid-*), and running them cost more than a microsecond per id, most of
 * the masking of a span whose other values repeat and are memoised.
 */
export function isWholeUuid(text: string): boolean {
  return text.length === 36 && UUID.test(text);
}

/** JavaScript's String.prototype.trim, spelled out for the Go port: these are the characters it removes. */
export function isJsSpace(c: number): boolean {
  return (
    c === 9 ||
    c === 10 ||
    c === 11 ||
    c === 12 ||
    c === 13 ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A person's name: one to six words of letters (with ' ’ . - inside:
 * O'Connor, Jean-Luc, J.), separated by spaces, at least one capitalised,
 * no digits or other signs. "Анна Смирнова", "SIOBHAN NI BHRIAIN" are;
 * "cus_8842", "shop-api", "admin", "order.created" are not.
 */
export function looksLikePersonName(value: string): boolean {
  const t = value.trim();
  if (t === '' || t.length > 100) return false;
  const words = t.split(/[\t ]+/);
  if (words.length > 6) return false;
  let capital = false;
  for (const w of words) {
    let first = true;
    for (const ch of w) {
      if (first) {
        if (!LETTER.test(ch)) return false;
        if (UPPER.test(ch)) capital = true;
        first = false;
      } else if (!LETTER.test(ch) && ch !== "'" && ch !== '’' && ch !== '.' && ch !== '-') {
        return false;
      }
    }
  }
  return capital;
}

/** Shapes of network addresses, one alternation (shared with the Go engine): IPv4, IPv6, MAC, host:port, URL. */
export const NETWORK_ADDRESS_SOURCE =
  '^(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?::[0-9]{1,5})?' +
  '|\\[?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[0-9A-Za-z]+)?\\]?(?::[0-9]{1,5})?' +
  '|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}' +
  '|[A-Za-z0-9.-]+:[0-9]{1,5})$' +
  '|^[A-Za-z][A-Za-z0-9+.-]*://';
const NETWORK_ADDRESS = new RegExp(NETWORK_ADDRESS_SOURCE, 'u');

/**
 * A network address, not a postal one: an IP (with a port), a MAC, host:port,
 * a URL, a socket path. An `address` key holding one (a bare `address` of a
 * server, a peer, a wallet of a queue) keeps it, and the text rules still run.
 */
export function looksLikeNetworkAddress(value: string): boolean {
  const t = value.trim();
  return NETWORK_ADDRESS.test(t) || t.startsWith('/');
}
