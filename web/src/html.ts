// Rendering is template strings into innerHTML. html`` escapes every ${value} that comes from
// a document, so a player called "<b>" is a name, not markup; what html`` made itself (an Html)
// goes in as it is, alone or in an array.
const ENTITIES: Record<string, string> = {
  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
};

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Markup that is safe to insert: made by html``, or trusted by raw(). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function piece(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(piece).join("");
  return esc(v);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + piece(values[i - 1]) + s));
}

/** Markup made here, not from a document (an SVG drawn from numbers). */
export function raw(text: string | Html): Html {
  return text instanceof Html ? text : new Html(text);
}

export const nothing = new Html("");

export function mount(markup: Html): void {
  const app = document.getElementById("app");
  if (app) app.innerHTML = markup.text;
}
