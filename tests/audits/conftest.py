from tests.web.conftest import make_org, make_user, world  # noqa: F401
