import { styleText } from "node:util";

/** Prints the demo's account: numbered sections of checks, and counts the checks that failed. */
export class Report {
  #sections = 0;
  #failures = 0;

  /** Starts a numbered section; `where` says which app, package and runtime it shows. */
  section(title: string, where: string): void {
    this.#sections++;
    console.log(`\n${styleText("bold", `${this.#sections}. ${title}`)}  ${styleText("dim", where)}`);
  }

  /** One claim of the demo, backed by what was measured; a false one fails the demo. */
  check(ok: boolean, text: string): boolean {
    if (!ok) this.#failures++;
    console.log(`   ${ok ? styleText("green", "✓") : styleText("red", "✗")} ${text}`);
    return ok;
  }

  /** Context for the reader, e.g. an event or error line as the app printed it. */
  note(text: string): void {
    console.log(styleText("dim", `     ${text}`));
  }

  /** Checks that failed so far. */
  get failures(): number {
    return this.#failures;
  }
}
