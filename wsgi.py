"""Entry point: `flask --app wsgi …` and WSGI servers (gunicorn wsgi:app)."""

import gc

from app import create_app

app = create_app()

# What start-up made (modules, the grids, the mappings) lives as long as the process. Moved out
# of the garbage collector's reach, it is no longer walked by each full collection, which the
# objects of the requests trigger now and then: 3 to 4 % of an autosave's time before
# (bench/bench_autosave.py).
gc.collect()
gc.freeze()
