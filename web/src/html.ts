// Rendering is template strings into innerHTML. html`` escapes every ${value} that comes from
// a document, so a player called "<b>" is a name, not markup; what html`` made itself (an Html)
// goes in as it is, alone or in an array.
const ENTITIES: Record<string, string> = {
  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
};

// Controls, the marks that reorder text (U+202E and its kin), the invisible characters that
// make two names look alike and the line separators never reach the screen: a name must not
// read as another, nor reverse the text around it (scorebook.document's UNSAFE_TEXT, the same
// set: tests/unit/test_safe_text.py).
const DISGUISE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/g;

export function esc(value: unknown): string {
  return String(value ?? "").replace(DISGUISE, "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
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
