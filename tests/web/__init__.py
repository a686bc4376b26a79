"""What holds for the whole web application, across every blueprint.

Organisations isolated on every route that takes an id; headers (app/safety.py); rate limits
(app/extensions.py, app/auth/throttle.py); hostile text and bounded numbers in every field and
URL. A blueprint's own pages are tested beside it: tests/assessments/, tests/auth/, and so on.
"""
