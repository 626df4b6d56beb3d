// The control socket: how `pvwasm list|top|pause|…` in a second terminal reach a
// running machine, as xl reaches a running Xen.
//
// The process that owns the machine (`pvwasm serve`, or `pvwasm create` run in the
// foreground) listens on a Unix socket; each client connection sends one JSON line
// { verb, args } and receives one JSON line { ok, result } or { ok: false, error }.
// Only the socket's owner can connect: its directory is created mode 0700.

import { createConnection, createServer, type Server, type Socket } from "node:net";
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

/**
 * A handler's answer that turns the connection into a byte stream (pvwasm console):
 * after the JSON reply line, the socket belongs to `attach`, which also gets any
 * bytes the client sent after its request line.
 */
export class ControlStream {
  constructor(readonly attach: (sock: Socket, early: Buffer) => void, readonly result: unknown = "attached") {}
}
export type ControlHandler = (req: ControlRequest) => Promise<unknown> | unknown;

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
 * Sends a request whose answer is a byte stream (ControlStream): resolves with the
 * socket, carrying on from the reply line, and any stream bytes that came with it.
 */
export function controlStream(path: string, req: ControlRequest, timeoutMs = 30_000): Promise<{ sock: Socket; early: Buffer }> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => { sock.destroy(); reject(new ControlError(`the machine at ${path} did not answer`)); }, timeoutMs);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      clearTimeout(timer);
      sock.removeListener("data", onData);
      const msg = JSON.parse(buf.subarray(0, nl).toString("utf8"));
      if (!msg.ok) { sock.destroy(); reject(new ControlError(msg.error)); return; }
      resolve({ sock, early: buf.subarray(nl + 1) });
    };
    sock.on("connect", () => sock.write(JSON.stringify(req) + "\n"));
    sock.on("data", onData);
    sock.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ENOENT" || e.code === "ECONNREFUSED") {
        reject(new ControlError(`no running pvwasm machine at ${path} (start one with 'pvwasm serve' or 'pvwasm create')`));
      } else reject(new ControlError(`cannot reach the machine at ${path}: ${e.code ?? e.message}`));
    });
  });
}

/**
 * A stream of JSON events over a ControlStream (xenstore-watch): one line per emit()
 * until the client goes away, when the function `start` returned is called.
 */
export function eventStream(start: (emit: (event: unknown) => void) => () => void): ControlStream {
  return new ControlStream((sock) => {
    const stop = start((event) => { if (!sock.destroyed) sock.write(JSON.stringify({ event }) + "\n"); });
    sock.on("close", stop);
    sock.on("error", () => sock.destroy());
  }, "stream");
}

/**
 * The client side of eventStream: `onEvent` gets each event until close() (or the
 * machine ends the stream). `done` settles when the stream is over; a refused request
 * rejects it.
 */
export function controlEvents(path: string, req: ControlRequest, onEvent: (event: unknown) => void): { done: Promise<void>; close(): void } {
  let sock: Socket | undefined;
  let closed = false;
  const done = controlStream(path, req).then(({ sock: s, early }) => new Promise<void>((resolve) => {
    sock = s;
    if (closed) { s.end(); resolve(); return; }
    let buf = "";
    const take = (d: Buffer) => {
      buf += d.toString("utf8");
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line) onEvent((JSON.parse(line) as { event: unknown }).event);
      }
    };
    s.on("close", () => resolve());
    s.on("error", () => resolve());
    s.on("data", take);
    if (early.length) take(early);
  }));
  return { done, close: () => { closed = true; sock?.end(); } };
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
    let buf = Buffer.alloc(0);
    const onData = async (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      sock.removeListener("data", onData);
      const line = buf.subarray(0, nl).toString("utf8");
      const early = buf.subarray(nl + 1);
      let reply: string;
      try {
        const req = JSON.parse(line) as ControlRequest;
        const result = req.verb === "ping" ? "pong" : await handler(req);
        if (result instanceof ControlStream) {
          sock.write(JSON.stringify({ ok: true, result: result.result }) + "\n");
          result.attach(sock, early);
          return;
        }
        reply = JSON.stringify({ ok: true, result }, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
      } catch (e) {
        reply = JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) });
      }
      sock.end(reply + "\n");
    };
    sock.on("data", onData);
    sock.on("error", () => { /* the client went away */ });
  });
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(path, () => resolve()); });
  const cleanup = () => { try { unlinkSync(path); } catch { /* gone */ } };
  server.on("close", cleanup);
  process.once("exit", cleanup);
  return server;
}
