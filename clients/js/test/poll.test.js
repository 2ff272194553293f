// The HTTP transport's polling (pollLiveNow) against a local server that answers as Hosting
// does (an ETag, 304 for the tag the client has, 404 before the match has a live/now), and
// misbehaves as a ground's mobile network does: a request that never answers, a server error.
// No emulator: `node --test clients/js/test/poll.test.js` (run by
// tests/unit/tools/test_js_kit_builders.py, so `make unit` and `make test` run it).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { pollLiveNow } from "../src/live.js";

/** A server whose answers are `script`, one a request, the last one repeated: a version
 * (200 with its ETag, or 304 when the request has that tag), "404", "500" or "hang". */
async function hosting(script) {
  const asked = [];
  const server = createServer((request, response) => {
    const step = script[Math.min(asked.length, script.length - 1)];
    asked.push({ step, tag: request.headers["if-none-match"] ?? null });
    if (step === "hang") return; // never answers (closed with the server)
    if (step === "404" || step === "500") {
      response.writeHead(Number(step)).end();
    } else if (request.headers["if-none-match"] === `"${step}"`) {
      response.writeHead(304).end();
    } else {
      response.writeHead(200, { "Content-Type": "application/json", ETag: `"${step}"` })
        .end(JSON.stringify({ version: step }));
    }
  });
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  return { origin: `http://127.0.0.1:${server.address().port}`, asked, close: () => server.closeAllConnections() || server.close() };
}

/** Poll until `done(seen)` holds (or fail after `ms`): every onNow and onError, in order. */
async function follow(server, done, how = {}, ms = 5000) {
  const seen = [];
  const stop = pollLiveNow("m1", (now) => seen.push(now === null ? null : now.version),
    (error) => seen.push(`error: ${error.name}`), { origin: server.origin, intervalMs: 20, ...how });
  const until = Date.now() + ms;
  while (!done(seen) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  stop();
  server.close();
  return seen;
}

test("each version once, whatever the polls between; null before the match has one", async () => {
  const server = await hosting(["404", "404", "1", "1", "1", "2", "2"]);
  const seen = await follow(server, (s) => s.includes("2"));
  assert.deepEqual(seen, [null, "1", "2"]);
  assert.deepEqual(server.asked.slice(3, 5).map((a) => a.tag), ['"1"', '"1"']); // answered 304
});

test("a poll that never answers is given up and the next one shows the ball", async () => {
  // on a ground's mobile data a request can hang for minutes: the scoreboard must not
  // freeze on it
  const server = await hosting(["1", "hang", "2"]);
  // (1 s: a first answer on a busy two-core machine takes well under it)
  const seen = await follow(server, (s) => s.includes("2"), { timeoutMs: 1000 });
  assert.deepEqual(seen, ["1", "error: TimeoutError", "2"]);
});

test("a server error is reported and polled again after a longer pause", async () => {
  const server = await hosting(["500", "1"]);
  const seen = await follow(server, (s) => s.includes("1"));
  assert.deepEqual(seen, ["error: Error", "1"]);
});
