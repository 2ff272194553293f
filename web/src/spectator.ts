// /match/{id}: the spectator's page. The scoreboard follows live/now, the scorecard the
// innings' cards (a settled innings is received once); the ticker follows the feed from its
// cursor; nothing needs signing in (a private match: its
// members, signed in, see it; anyone else is told so). A spectator may ask to be told of
// wickets, fifties and the result (src/follow.ts).
import type { FeedEvent } from "@scorebook/client/types";
import { connect } from "./firebase";
import { Follow } from "./follow";
import { html, mount, nothing } from "./html";
import { type Live, nothingRead, title, transportOf, unread, watchMatch } from "./live";
import { worm } from "./charts";
import { Names } from "./names";
import { scoreboard, scorecard } from "./scoreboard";
import { Ticker, tickerList } from "./ticker";
import { status } from "./words";

export async function showMatch(matchId: string): Promise<void> {
  const backend = await connect();
  const { db } = backend;
  let live: Live = nothingRead();
  let events: FeedEvent[] = [];
  let ticker: Ticker | null = null;
  let told: Follow | null = null;

  const render = () => {
    const names = new Names(live.match);
    const why = unread(live);
    if (why) {
      mount(html`<p class="${why === "missing" ? "quiet" : "error"}" role="alert" data-testid="unread">${{
        private: "This match is private: sign in as one of its members to follow it.",
        missing: `There is no match ${matchId} yet: this page follows it as soon as it is set up.`,
        failed: `The match could not be read (${live.error?.message}): trying again.`,
      }[why]}</p><p><a href="/">All matches</a></p>`);
      return;
    }
    const score = live.now;
    mount(html`<header class="top"><a href="/" class="home">scorebook</a>
      <h1 data-testid="title">${title(live.match, matchId)}</h1>
      <p class="meta">${live.match?.venue ?? ""} <span class="status" data-testid="status">${status(score?.status ?? live.match?.status)}</span></p></header>
      ${score?.result ? html`<p class="result" data-testid="result">${score.result}</p>` : nothing}
      <div class="layout">
        <div class="main">${score ? scoreboard(score, names) : html`<p class="quiet">Waiting for the first ball…</p>`}</div>
        <aside class="side">${told ? told.view() : nothing}<h2>Live</h2>${tickerList(events, names)}
          <p class="links"><a href="/match/${encodeURIComponent(matchId)}/overlay">Stream overlay</a> · <a href="/match/${encodeURIComponent(matchId)}/scorecard">Printable scorecard</a> · <a href="/score/${encodeURIComponent(matchId)}">Scorer console</a>${live.match?.competitionId ? html` · <a href="/league/${encodeURIComponent(live.match.competitionId)}">The league</a>` : nothing}</p></aside>
        <div class="cards">${worm(live.innings, names)}${scorecard([...live.innings].reverse(), names, live.match?.scheduledOvers, live.now)}</div>
      </div>`);
  };

  told = new Follow(backend, matchId, () => render());
  document.getElementById("app")?.addEventListener("click", (e) => {
    if ((e.target as HTMLElement).closest("[data-action=follow]")) void told?.toggle();
  });
  watchMatch(db, matchId, (update) => {
    live = update;
    if (!ticker && live.match) {
      ticker = new Ticker(db, matchId, new Names(live.match), (all) => {
        events = all;
        render();
      });
      ticker.start();
    }
    ticker?.resume();
    render();
  }, {
    cards: true, current: "per-over", currentRead: "http", transport: transportOf(location.search),
  });
}
