"""scorebook_tools: everything that is not deployed with the Cloud Functions.

The emulator runner, the REST client with mock tokens, the fake scoring app, the importers
(Cricsheet, legacy data), the migrations, the data downloader and the command line. Tests,
scripts, the demo and the benchmarks import from here; the triggers never do.
"""
