"""Error pages in the site's layout, and JSON errors for JSON callers (microblog's pattern).

Every error a person can meet (400, 401, 403, 404, 405, 413, 429, 500, an expired form) is
answered here: a page in the site's layout with a way back, or, for a JSON request (the
autosave, later the API), ``{"error": {"code": …, "message": …}}`` with the status.
"""

from flask import Blueprint

bp = Blueprint("errors", __name__, template_folder="templates")

from . import handlers  # noqa: E402,F401
