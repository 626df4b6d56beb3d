// Errors of xenstored: a request that fails is answered with an XS_ERROR reply naming
// the errno, so every check inside the daemon throws an XsError carrying that name and
// the dispatcher (wire-funcs.ts) turns it into the reply. Nothing else is caught there:
// any other exception is a bug in xenstored itself.

import type { XsErrno } from "./xs-wire.js";

const MEANING: Record<XsErrno, string> = {
  EINVAL: "invalid argument", EACCES: "permission denied", EEXIST: "already exists", EISDIR: "is a directory",
  ENOENT: "no such node", ENOMEM: "out of memory", ENOSPC: "quota exceeded", EIO: "input/output error",
  ENOTEMPTY: "not empty", ENOSYS: "not supported", EROFS: "read-only", EBUSY: "busy",
  EAGAIN: "transaction conflict, try again", EISCONN: "already connected", E2BIG: "reply too big", EPERM: "not permitted",
};

export class XsError extends Error {
  constructor(readonly errno: XsErrno, detail?: string) {
    super(detail ? `${errno}: ${detail}` : `${errno} (${MEANING[errno]})`);
    this.name = "XsError";
  }
}

/** What an errno name means, for one-line messages to users. */
export function xsErrnoMeaning(errno: string): string {
  return (MEANING as Record<string, string>)[errno] ?? "error";
}
