"""scorebook: the pure domain of an event-sourced cricket scorer, and the Cloud Functions'
use cases and Firestore adapters. Deployed with the functions; nothing test-only lives here.

    actions.py, match.py, integrity.py   the log's schema, match configuration, problems
    laws/       the Laws of cricket by topic: where what a Law says is decided
    fold/       FoldState and one handler per kind of action; one replay loop
    views/      read models of a fold state (live/score) and of the lineups (live/lineups)
    service/    use cases over transaction protocols: decide, then act
    firestore/  adapters: the client, every document path, the transactions

Only `firestore/` (and `functions/main.py`) import Firebase or Google Cloud.
"""
