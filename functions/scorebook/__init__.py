"""scorebook: the pure domain of an event-sourced cricket scorer, and the Cloud Functions'
use cases and adapters. Deployed with the functions; nothing test-only lives here.

Layers, top to bottom; each imports only those below it (pyproject.toml's import-linter
contracts, checked by `make lint`; docs/design.md, "Layers"):

    firestore/         adapters: the client, every document path, the transactions
    http_providers.py  adapters: the data providers' HTTP (ingestion)
    fcm.py             adapter: Firebase Cloud Messaging's HTTP v1 API (notifications)
    service/           use cases over transaction protocols: decide, then act
    ingest/            live matches from outside: a provider's answer taken into actions
    archive.py         a finished match's summary and ball-by-ball archive, from the feed
    season/            tables, players' seasons and careers, head to heads
    notify.py          what a match's followers are told of its feed, worded
    feed.py            the spectators' feed: each action's typed events
    feed_events.py     the feed's event models
    cricsheet.py       Cricsheet JSON -> match and actions
    views/             read models of a fold state (live/score, live/lineups) and their text
    fold/              one handler per kind of action; one replay loop
    laws/, state.py,   the Laws of Cricket by topic; the match as the fold leaves it; the
    actions.py, ...    log's schema (actions.py), the match (match.py), roles, the problem
                       codes (integrity.py), the tamper-evident chain (ledger.py), the
                       consensus of scorers (consensus.py)
    document.py        base models, timestamps, safe text, the one ValidationError describer

Only `firestore/`, `http_providers.py`, `fcm.py` and `functions/main.py` touch Firebase,
Google Cloud or the network.
"""
