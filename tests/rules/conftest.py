"""Rules tests use the same emulator harness as the pipeline tests."""

from tests.emulator.conftest import (  # noqa: F401 - fixtures
    admin,
    empty_database,
    emulators,
    pytest_collection_modifyitems,
    spectator,
    user,
)
