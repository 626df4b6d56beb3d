// The xenstore wire ABI (xen/include/public/io/xs_wire.h; fact sheet xen-io §2.1–2.4).
//
// Every message in either direction is a 16-byte little-endian header followed by
// `len` payload bytes. A domain's messages travel through two 1 KiB byte rings in one
// shared page; tool (in-process) connections hand messages over directly.

/** Message types (enum xsd_sockmsg_type). */
export const XS_CONTROL = 0;             // alias XS_DEBUG; dom0 tooling only
export const XS_DIRECTORY = 1;
export const XS_READ = 2;
export const XS_GET_PERMS = 3;
export const XS_WATCH = 4;
export const XS_UNWATCH = 5;
export const XS_TRANSACTION_START = 6;
export const XS_TRANSACTION_END = 7;
export const XS_INTRODUCE = 8;
export const XS_RELEASE = 9;
export const XS_GET_DOMAIN_PATH = 10;
export const XS_WRITE = 11;
export const XS_MKDIR = 12;
export const XS_RM = 13;
export const XS_SET_PERMS = 14;
export const XS_WATCH_EVENT = 15;        // server → client only
export const XS_ERROR = 16;              // server → client only
export const XS_IS_DOMAIN_INTRODUCED = 17;
export const XS_RESUME = 18;
export const XS_SET_TARGET = 19;
export const XS_RESTRICT = 20;           // removed upstream: type 20 is invalid
export const XS_RESET_WATCHES = 21;
export const XS_DIRECTORY_PART = 22;
export const XS_GET_FEATURE = 23;
export const XS_SET_FEATURE = 24;
export const XS_GET_QUOTA = 25;
export const XS_SET_QUOTA = 26;
export const XS_TYPE_COUNT = 27;
export const XS_INVALID = 0xffff;

/** Names for messages and traces, indexed by type. */
export const XS_TYPE_NAMES = [
  "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH", "TRANSACTION_START", "TRANSACTION_END",
  "INTRODUCE", "RELEASE", "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM", "SET_PERMS", "WATCH_EVENT", "ERROR",
  "IS_DOMAIN_INTRODUCED", "RESUME", "SET_TARGET", "RESTRICT", "RESET_WATCHES", "DIRECTORY_PART",
  "GET_FEATURE", "SET_FEATURE", "GET_QUOTA", "SET_QUOTA",
] as const;

/**
 * Error names, in xs_wire.h's (append-only) xsd_errors order. Only the name crosses
 * the wire, as the payload of an XS_ERROR reply; an errno not listed goes out as EINVAL.
 */
export const XSD_ERRORS = [
  "EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC", "EIO",
  "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN", "E2BIG", "EPERM",
] as const;
export type XsErrno = (typeof XSD_ERRORS)[number];

/** Header: type u32 @0, req_id u32 @4, tx_id u32 @8, len u32 @12. */
export const XSD_SOCKMSG_SIZE = 16;
/** Largest payload in either direction; more is a protocol violation. */
export const XENSTORE_PAYLOAD_MAX = 4096;
/** Longest absolute path, and the longest relative path a client should use. */
export const XENSTORE_ABS_PATH_MAX = 3072;
export const XENSTORE_REL_PATH_MAX = 2048;

/**
 * struct xenstore_domain_interface, one 4 KiB page per domain (fact sheet §2.4):
 * req[] bytes guest → xenstored, rsp[] bytes xenstored → guest, then the four
 * free-running u32 indices (stream offset x lives at x mod 1024) and three control
 * words. The guest produces requests and consumes responses; xenstored the reverse.
 */
export const XENSTORE_RING_SIZE = 1024;
export const XS_RING_REQ = 0;
export const XS_RING_RSP = 1024;
export const XS_RING_REQ_CONS = 2048;
export const XS_RING_REQ_PROD = 2052;
export const XS_RING_RSP_CONS = 2056;
export const XS_RING_RSP_PROD = 2060;
export const XS_RING_SERVER_FEATURES = 2064;   // written by the server only; bits only ever set
export const XS_RING_CONNECTION = 2068;        // XENSTORE_CONNECTED / XENSTORE_RECONNECT
export const XS_RING_ERROR = 2072;             // XENSTORE_ERROR_*, set when the server gives up
export const XS_RING_EVTCHN_PORT = 2076;       // filled by Xen for dom0less guests only

/** server_features bits. */
export const XENSTORE_SERVER_FEATURE_RECONNECTION = 1;
export const XENSTORE_SERVER_FEATURE_ERROR = 2;
export const XENSTORE_SERVER_FEATURE_WATCHDEPTH = 4;
export const XENSTORE_SERVER_FEATURE_DOMID_ANY = 8;

/** connection field. Only the guest sets RECONNECT, only the server sets CONNECTED. */
export const XENSTORE_CONNECTED = 0;
export const XENSTORE_RECONNECT = 1;

/** error field. */
export const XENSTORE_ERROR_NONE = 0;
export const XENSTORE_ERROR_COMM = 1;      // event channel or page not usable
export const XENSTORE_ERROR_RINGIDX = 2;   // inconsistent producer/consumer index
export const XENSTORE_ERROR_PROTO = 3;     // protocol violation (payload too long)

/** Permission bits of one (domid, perm) entry (xs_lib.h XS_PERM_*). */
export const XS_PERM_NONE = 0;
export const XS_PERM_READ = 1;
export const XS_PERM_WRITE = 2;
export const XS_PERM_BOTH = 3;
export const XS_PERM_OWNER = 8;      // internal: the caller owns the node
export const XS_PERM_IGNORE = 16;    // internal: entry names a domain that no longer exists

/** Domain ids with a meaning of their own (xen.h). */
export const DOMID_FIRST_RESERVED = 0x7ff0;
export const DOMID_SELF = 0x7ff0;
export const DOMID_ANY = 0x7ff5;

export interface XsMessage {
  type: number;
  reqId: number;
  txId: number;
  payload: Uint8Array;
}

/** Header and payload of one message as the bytes that go on the wire. */
export function encodeMessage(m: XsMessage): Uint8Array {
  const out = new Uint8Array(XSD_SOCKMSG_SIZE + m.payload.length);
  const put = (off: number, v: number) => { out[off] = v; out[off + 1] = v >>> 8; out[off + 2] = v >>> 16; out[off + 3] = v >>> 24; };
  put(0, m.type);
  put(4, m.reqId);
  put(8, m.txId);
  put(12, m.payload.length);
  out.set(m.payload, XSD_SOCKMSG_SIZE);
  return out;
}

export interface XsHeader { type: number; reqId: number; txId: number; len: number }

export function decodeHeader(b: Uint8Array): XsHeader {
  const dv = new DataView(b.buffer, b.byteOffset, XSD_SOCKMSG_SIZE);
  return { type: dv.getUint32(0, true), reqId: dv.getUint32(4, true), txId: dv.getUint32(8, true), len: dv.getUint32(12, true) };
}
