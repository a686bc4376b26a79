"""Reports of a positioning: PDF (WeasyPrint), XLSX and CSV, from a plain report model.

Knows nothing of Flask, of the database or of the grid objects: the application builds a
:class:`reports.model.Report` (``app/report_building.py``) and hands it over.
"""
