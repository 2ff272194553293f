"""Live matches from outside: what a data provider says, turned into ordinary scoring actions.

A provider is polled; its answer (`feed.Answer`: events with the provider's ids, a score
snapshot, how long each innings is) is planned against what this match has already taken
(`intake.poll_writes`): new events at the next positions become actions, a re-sent event writes
nothing, a changed one becomes a void and a correction, and a hole in the sequence is a gap
to fetch again before anything after it is written. How often to poll, how to back off, and
which provider to trust are `cadence`. Pure: the HTTP is `scorebook.http_providers`, the
loop `scorebook.service.ingest`, the storage `scorebook.firestore.ingest`.
"""
