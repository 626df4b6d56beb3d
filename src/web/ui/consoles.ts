// One xterm.js terminal per domain, showing its console output (console_io records
// and its PV console ring) and passing keystrokes to the machine's sendInput, which
// writes them to the domain's console ring. A refused keystroke (the domain has
// ended) is explained once under the terminal.

import { Terminal } from "@xterm/xterm";

interface ConsoleView { card: HTMLElement; term: Terminal; badge: HTMLElement; note: HTMLElement; inputRefused: boolean }

const THEME = { background: "#0b0e13", foreground: "#d8dee9", cursor: "#7cc4fa" };

export class Consoles {
  private readonly views = new Map<number, ConsoleView>();

  constructor(private readonly container: HTMLElement, private readonly sendInput: (domid: number, bytes: Uint8Array) => Promise<void>) {}

  /** Adds the console of a domain that just started. */
  open(domid: number, name: string): void {
    this.views.get(domid)?.card.remove();
    const card = document.createElement("article");
    card.className = "console";
    card.dataset.domid = String(domid);
    card.dataset.console = name;
    const head = document.createElement("header");
    const title = document.createElement("h3");
    title.textContent = `${name} (domain ${domid})`;
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = "running";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "Close";
    close.title = "Remove this console (the domain keeps running)";
    close.addEventListener("click", () => this.close(domid));
    head.append(title, badge, close);
    const box = document.createElement("div");
    box.className = "term";
    const note = document.createElement("p");
    note.className = "note";
    card.append(head, box, note);
    this.container.prepend(card);

    const term = new Terminal({ cols: 80, rows: 12, convertEol: true, fontSize: 12, scrollback: 2000, theme: THEME, cursorBlink: false });
    term.open(box);
    const view: ConsoleView = { card, term, badge, note, inputRefused: false };
    term.onData((data) => {
      const bytes = Uint8Array.from(data, (ch) => ch.charCodeAt(0) & 0xff);
      this.sendInput(domid, bytes).catch((e: unknown) => {
        if (view.inputRefused) return;
        view.inputRefused = true;
        note.textContent = e instanceof Error ? e.message : String(e);
      });
    });
    this.views.set(domid, view);
  }

  write(domid: number, name: string, text: string): void {
    if (!this.views.has(domid)) this.open(domid, name);
    this.views.get(domid)!.term.write(text);
  }

  /** Marks a domain as ended, with why (crashes in red, in the terminal too). */
  ended(domid: number, name: string, reason: string, detail: string | undefined, crashed: boolean): void {
    if (!this.views.has(domid)) this.open(domid, name);
    const v = this.views.get(domid)!;
    v.card.classList.add("ended");
    if (crashed) v.card.classList.add("crashed");
    v.badge.textContent = crashed ? "crashed" : reason === "poweroff" ? "powered off" : reason;
    const line = `pvwasm: domain '${name}' ${crashed ? "crashed" : reason}${detail ? `: ${detail}` : ""}`;
    v.term.write(`\r\n\x1b[${crashed ? "31" : "90"}m${line}\x1b[0m\r\n`);
  }

  restarted(domid: number, name: string): void {
    const v = this.views.get(domid);
    if (!v) return;
    v.card.classList.remove("ended", "crashed");
    v.badge.textContent = "running";
    v.term.write(`\x1b[90mpvwasm: domain '${name}' restarted\x1b[0m\r\n`);
  }

  destroyed(domid: number): void {
    const v = this.views.get(domid);
    if (!v || v.card.classList.contains("ended")) return;
    v.card.classList.add("ended");
    v.badge.textContent = "destroyed";
  }

  private close(domid: number): void {
    const v = this.views.get(domid);
    if (!v) return;
    v.term.dispose();
    v.card.remove();
    this.views.delete(domid);
  }
}
