from tests.stewardship.conftest import english, homes  # noqa: F401  (the same homes and owners)
