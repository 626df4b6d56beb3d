// The control socket: how `pvwasm list|top|pause|…` in a second terminal reach a
// running machine, as xl reaches a running Xen.
//
// The process that owns the machine (`pvwasm serve`, or `pvwasm create` run in the
// foreground) listens on a Unix socket; each client connection sends one JSON line
// { verb, args } and receives one JSON line { ok, result } or { ok: false, error }.
// Only the socket's owner can connect: its directory is created mode 0700.

import { createConnection, createServer, type Server } from "node:net";
import { existsSync, mkdirSync, unlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";

export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ControlError";
  }
}

export interface ControlRequest { verb: string; args: Record<string, unknown> }
export type ControlHandler = (req: ControlRequest) => Promise<unknown> | unknown;

/**
 * A handler's answer that keeps the connection open (xenstore-watch): the server
 * replies { ok, stream: true }, then one line { event } per emit() until the client
 * goes away, when the function start() returned is called.
 */
export class ControlStream {
  constructor(readonly start: (emit: (event: unknown) => void) => () => void) {}
}

/** Where the control socket lives: --socket, $PVWASM_SOCKET, or a per-user default. */
export function socketPath(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.PVWASM_SOCKET) return process.env.PVWASM_SOCKET;
  return join(tmpdir(), `pvwasm-${userInfo().uid}`, "control.sock");
}

/** Sends one request; rejects with a ControlError a user can read. */
export function controlRequest(path: string, req: ControlRequest, timeoutMs = 30_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    let buf = "";
    const timer = setTimeout(() => { sock.destroy(); reject(new ControlError(`the machine at ${path} did not answer`)); }, timeoutMs);
    sock.on("connect", () => sock.write(JSON.stringify(req) + "\n"));
    sock.on("data", (d) => {
      buf += d.toString("utf8");
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      sock.end();
      const msg = JSON.parse(buf.slice(0, nl));
      if (msg.ok) resolve(msg.result);
      else reject(new ControlError(msg.error));
    });
    sock.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ENOENT" || e.code === "ECONNREFUSED") {
        reject(new ControlError(`no running pvwasm machine at ${path} (start one with 'pvwasm serve' or 'pvwasm create')`));
      } else reject(new ControlError(`cannot reach the machine at ${path}: ${e.code ?? e.message}`));
    });
  });
}

/**
 * Sends a streaming request: `onEvent` gets each event until close() (or the machine
 * ends the stream). `done` settles when the stream is over; a refused request rejects.
 */
export function controlStream(path: string, req: ControlRequest, onEvent: (event: unknown) => void): { done: Promise<void>; close(): void } {
  const sock = createConnection(path);
  let buf = "";
  let started = false;
  const done = new Promise<void>((resolve, reject) => {
    sock.on("connect", () => sock.write(JSON.stringify(req) + "\n"));
    sock.on("data", (d) => {
      buf += d.toString("utf8");
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (!msg.ok) { sock.destroy(); reject(new ControlError(msg.error)); return; }
        if (!started) { started = true; continue; }
        onEvent(msg.event);
      }
    });
    sock.on("close", () => resolve());
    sock.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT" || e.code === "ECONNREFUSED") {
        reject(new ControlError(`no running pvwasm machine at ${path} (start one with 'pvwasm serve' or 'pvwasm create')`));
      } else reject(new ControlError(`cannot reach the machine at ${path}: ${e.code ?? e.message}`));
    });
  });
  return { done, close: () => sock.end() };
}

/** Is a machine answering at `path`? */
export async function machineRunning(path: string): Promise<boolean> {
  try { await controlRequest(path, { verb: "ping", args: {} }, 2000); return true; } catch { return false; }
}

/** Listens on `path` (removing a stale socket) and answers requests with `handler`. */
export async function startControlServer(path: string, handler: ControlHandler): Promise<Server> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path)) {
    if (await machineRunning(path)) throw new ControlError(`another pvwasm machine is already listening at ${path} (use --socket PATH)`);
    unlinkSync(path);
  }
  const server = createServer((sock) => {
    let buf = "";
    sock.on("data", async (d) => {
      buf += d.toString("utf8");
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = "";
      let reply: string;
      try {
        const req = JSON.parse(line) as ControlRequest;
        const result = req.verb === "ping" ? "pong" : await handler(req);
        if (result instanceof ControlStream) {
          sock.write(JSON.stringify({ ok: true, stream: true }) + "\n");
          const stop = result.start((event) => { if (!sock.destroyed) sock.write(JSON.stringify({ ok: true, event }) + "\n"); });
          sock.on("close", stop);
          return;
        }
        reply = JSON.stringify({ ok: true, result }, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
      } catch (e) {
        reply = JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) });
      }
      sock.end(reply + "\n");
    });
    sock.on("error", () => { /* the client went away */ });
  });
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(path, () => resolve()); });
  const cleanup = () => { try { unlinkSync(path); } catch { /* gone */ } };
  server.on("close", cleanup);
  process.once("exit", cleanup);
  return server;
}
