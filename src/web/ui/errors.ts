// The page's one error banner: a readable line, never a stack trace; the rest of the
// page keeps working.

const box = () => document.getElementById("error") as HTMLElement;

export function showError(message: string): void {
  (document.getElementById("error-text") as HTMLElement).textContent = message;
  box().hidden = false;
}

export function clearError(): void { box().hidden = true; }

export function initErrors(): void {
  (document.getElementById("error-close") as HTMLButtonElement).addEventListener("click", clearError);
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
