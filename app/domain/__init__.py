"""The heart of Repère: grids, answers, scores and deadlines, in plain Python.

Nothing here imports Flask, SQLAlchemy or the report renderer.
"""
