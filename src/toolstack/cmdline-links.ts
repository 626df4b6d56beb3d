// Linking domains started together through their command lines, so guests that talk
// over event channels can find each other without xenstore.
//
//   ${domid:NAME}     the domid of domain NAME
//   ${port:NAME}      a port in THIS domain, allocated unbound for NAME to bind
//   ${peerport:NAME}  the port NAME got with ${port:THIS} (allocated here if NAME's
//                     line is resolved later)
//
// Ports are allocated by the toolstack as domain 0 (EVTCHNOP_alloc_unbound on
// another domain), as libxl allocates the xenstore and console ports.

export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LinkError";
  }
}

/** Ports allocated so far: "owner>remote" domids → port. */
export type PortTable = Map<string, number>;

export function resolveCmdline(
  text: string,
  self: number,
  domidOf: (name: string) => number | undefined,
  ports: PortTable,
  alloc: (domid: number, remote: number) => number,
): string {
  const portFor = (owner: number, remote: number) => {
    const key = `${owner}>${remote}`;
    let p = ports.get(key);
    if (p === undefined) { p = alloc(owner, remote); ports.set(key, p); }
    return p;
  };
  return text.replace(/\$\{(domid|port|peerport):([A-Za-z0-9_.-]+)\}/g, (_m, kind: string, name: string) => {
    const other = domidOf(name);
    if (other === undefined) throw new LinkError(`command line names domain '${name}', which is not being started`);
    if (kind === "domid") return String(other);
    if (kind === "port") return String(portFor(self, other));
    return String(portFor(other, self));
  });
}
