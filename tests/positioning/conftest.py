"""Fixtures for the service layer's tests: a vendor, its owner and a draft positioning."""

from __future__ import annotations

import pytest
from flask import Flask

from .support import Draft, make_draft


@pytest.fixture
def draft(app: Flask) -> Draft:
    return make_draft(app)
