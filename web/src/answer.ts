// A request the page waits on gets an answer or a reason: a Firestore write or read made while
// the SDK cannot reach the server (or, right after a sign-in, filed under the user before)
// may never settle, and a button that waits on it for good looks broken.

/** The refusal of a request the server has not answered in time (it may still answer: a
 * Firestore write is kept and sent when the network is back). */
export class Unanswered extends Error {}

/** `request`, or a refusal (Unanswered) saying the server did not answer it within `ms`. */
export function answered<T>(request: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Unanswered(`no answer from the server in ${ms / 1000} s`)), ms);
  });
  return Promise.race([request, late]).finally(() => clearTimeout(timer));
}
