// Payload helpers: xenstore payloads are sequences of NUL-terminated strings, except
// where a value is raw bytes (WRITE's value, READ's reply). Paths are restricted to
// ASCII (path.ts), so strings are decoded byte for byte (latin1) and nothing is lost.

import { XsError } from "./errors.js";

export const EMPTY = new Uint8Array(0);

/** Bytes → string, one character per byte. */
export function latin1(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode.apply(null, b.subarray(i, i + 4096) as unknown as number[]);
  return s;
}

/** String → bytes, one byte per character (characters above 0xff are truncated). */
export function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** Each string followed by a NUL: "a\0b\0". */
export function nulStrings(...strings: string[]): Uint8Array {
  let n = 0;
  for (const s of strings) n += s.length + 1;
  const out = new Uint8Array(n);
  let p = 0;
  for (const s of strings) {
    for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i) & 0xff;
    out[p++] = 0;
  }
  return out;
}

/** Concatenation of byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let p = 0;
  for (const part of parts) { out.set(part, p); p += part.length; }
  return out;
}

/**
 * The NUL-terminated strings at the start of `b` (get_strings): bytes after the last
 * NUL are not part of any string.
 */
export function getStrings(b: Uint8Array): { strings: string[]; end: number } {
  const strings: string[] = [];
  let off = 0;
  for (;;) {
    const nul = b.indexOf(0, off);
    if (nul < 0) break;
    strings.push(latin1(b.subarray(off, nul)));
    off = nul + 1;
  }
  return { strings, end: off };
}

/** The number of NULs in `b` (xenstore_count_strings). */
export function countStrings(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 0) n++;
  return n;
}

/** The single argument of a one-argument request: exactly one NUL, at the end (onearg). */
export function oneArg(b: Uint8Array): string {
  if (b.length === 0 || b.indexOf(0) !== b.length - 1) throw new XsError("EINVAL", "expected one NUL-terminated argument");
  return latin1(b.subarray(0, b.length - 1));
}

/** A decimal number in `min..max`, digits only. */
export function parseDecimal(s: string, min: number, max: number): number {
  if (!/^[0-9]{1,10}$/.test(s)) throw new XsError("EINVAL", `'${s}' is not a decimal number`);
  const n = Number(s);
  if (n < min || n > max) throw new XsError("EINVAL", `${n} is out of range ${min}..${max}`);
  return n;
}

/** A domain id argument: decimal 0..65535. */
export function parseDomid(s: string): number {
  return parseDecimal(s, 0, 0xffff);
}
