"""The web tests' fixtures (organisations, users, signing in) for the error pages' tests."""

from tests.web.conftest import make_org, make_user, world  # noqa: F401
