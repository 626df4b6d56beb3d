// Attaching a terminal to a domain's PV console (`pvwasm console DOM`, `create -c`),
// as `xl console` attaches to the pty xenconsoled made: the domain's console output
// goes to the terminal, what the user types goes into the console ring, and Ctrl-]
// detaches (the domain keeps running).
//
// Machine side: attachConsoleStream serves one attached client over the control
// socket. Client side: runConsoleClient connects a socket to this process's
// terminal. attachLocalConsole does the same for a machine in this very process
// (create -c with no serve machine listening).

import type { Socket } from "node:net";
import type { Host, HostDomain } from "./host.js";

/** The escape byte that detaches, as with xl: Ctrl-]. */
export const DETACH = 0x1d;

/** Serves an attached client: recent and new output to it, its bytes to the console. */
export function attachConsoleStream(host: Host, domid: number, sock: Socket, early: Buffer): void {
  const backlog = host.consoleBacklog(domid);
  if (backlog) sock.write(Buffer.from(backlog, "latin1"));
  const listener = (dom: HostDomain, text: string) => {
    if (dom.domid === domid) sock.write(Buffer.from(text, "latin1"));
  };
  host.consoleListeners.add(listener);
  const input = (b: Buffer) => {
    try { host.consoleInput(domid, b); } catch { sock.end(); }
  };
  if (early.length > 0) input(early);
  sock.on("data", input);
  // Tell the client when the domain is gone, as xl console returns when it dies.
  const watch = setInterval(() => {
    const dom = host.domains.get(domid);
    if (!dom || dom.ended || !host.consoles.has(domid)) {
      sock.end(`\r\n[pvwasm: domain ${dom?.name ?? domid} ${dom?.ended?.reasonName ?? "is gone"}]\r\n`);
    }
  }, 100);
  const done = () => { clearInterval(watch); host.consoleListeners.delete(listener); };
  sock.on("close", done);
  sock.on("error", done);
}

/**
 * Connects this process's terminal to an attached console socket until the machine
 * ends the stream or the user types Ctrl-]. Resolves with how it ended.
 */
export function runConsoleClient(sock: Socket, early: Buffer): Promise<"detached" | "closed"> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const raw = stdin.isTTY === true;
    if (raw) stdin.setRawMode(true);
    if (early.length > 0) process.stdout.write(early);
    let finished = false;
    const finish = (how: "detached" | "closed") => {
      if (finished) return;
      finished = true;
      stdin.removeListener("data", onInput);
      stdin.removeListener("end", onEnd);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      sock.destroy();
      resolve(how);
    };
    const onInput = (b: Buffer) => {
      const esc = b.indexOf(DETACH);
      if (esc >= 0) {
        if (esc > 0) sock.write(b.subarray(0, esc));
        finish("detached");
        return;
      }
      sock.write(b);
    };
    // Input that ends (a pipe) leaves the console attached until the domain goes.
    const onEnd = () => { /* keep showing output */ };
    stdin.on("data", onInput);
    stdin.on("end", onEnd);
    stdin.resume();
    sock.on("data", (d: Buffer) => process.stdout.write(d));
    sock.on("close", () => finish("closed"));
    sock.on("error", () => finish("closed"));
  });
}

/**
 * `create -c` without a serve machine: this terminal's input goes to the domain's
 * console until Ctrl-]; after that its output is no longer shown here.
 */
export function attachLocalConsole(host: Host, dom: HostDomain, shown: Set<number>): () => void {
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  const stop = () => {
    stdin.removeListener("data", onInput);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  };
  const onInput = (b: Buffer) => {
    const esc = b.indexOf(DETACH);
    const keep = esc >= 0 ? b.subarray(0, esc) : b;
    try { if (keep.length > 0) host.consoleInput(dom.domid, keep); } catch { /* the domain is gone */ }
    if (esc >= 0) {
      stop();
      shown.delete(dom.domid);
      process.stderr.write(`\r\npvwasm: detached from '${dom.name}'; it keeps running in this process (pvwasm console ${dom.name} re-attaches)\r\n`);
    }
  };
  stdin.on("data", onInput);
  stdin.resume();
  return stop;
}
