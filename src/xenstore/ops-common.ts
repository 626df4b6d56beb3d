// Small things every request handler uses.

import { nulStrings } from "./payload.js";

/** The success reply of requests that return nothing else. */
export const OK = nulStrings("OK");

export { canon } from "./node-access.js";
