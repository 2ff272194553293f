// Signing in, on the pages that write (the scorer console, the setup): email and password on
// Firebase Auth (any provider would do; the rules know a person by their uid).
import { type Auth, createUserWithEmailAndPassword, signInWithEmailAndPassword } from "firebase/auth";
import { type Html, html } from "./html";

export function signInForm(heading: string): Html {
  return html`<form data-form="sign-in" class="sign-in"><h2>${heading}</h2>
    <label>Email <input name="email" type="email" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" minlength="6" required></label>
    <button type="submit" value="sign-in" class="primary">Sign in</button>
    <button type="submit" value="create">Create an account</button></form>`;
}

/** Sign in (or sign up, when the button that sent the form says "create") from its fields. */
export async function signInFrom(auth: Auth, form: HTMLFormElement, choice: string): Promise<void> {
  const data = new FormData(form);
  const [email, password] = [String(data.get("email") ?? ""), String(data.get("password") ?? "")];
  if (choice === "create") await createUserWithEmailAndPassword(auth, email, password);
  else await signInWithEmailAndPassword(auth, email, password);
}
