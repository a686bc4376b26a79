"""WeasyPrint, imported in one place, and the font configuration the reports share.

WeasyPrint warns, once, when it is imported on a machine whose fontconfig knows no font (a
fresh container, a CI image). The reports do not need any system font: they bring their own
(``reports/fonts/``, loaded through ``@font-face``). That warning alone is silenced, here,
where the import happens once for the whole process.
"""

from __future__ import annotations

import atexit
import shutil
import threading
import warnings

with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore",
        message=r"(No fonts configured in FontConfig|FontConfig cannot load default config)",
        category=UserWarning,
    )
    from weasyprint import HTML, Attachment  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
    from weasyprint.urls import (  # type: ignore[import-untyped]
        FatalURLFetchingError,
        URLFetcher,
        URLFetcherResponse,
    )

__all__ = [
    "HTML", "Attachment", "FatalURLFetchingError", "URLFetcher", "URLFetcherResponse",
    "font_configuration",
]  # fmt: skip

_local = threading.local()


def font_configuration() -> object:
    """This thread's WeasyPrint font configuration, made once and kept.

    A new configuration per document (WeasyPrint's default) loads fontconfig's whole
    configuration again each time and never gives all of it back: about 0.3 MB more resident
    memory per report, without end. Kept, it also loads our @font-face fonts only once (it
    skips a face it already holds). One per thread: Pango's font maps are not shared
    between threads.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
        atexit.register(_remove_font_copies, config)
    return config


def _remove_font_copies(config: object) -> None:
    # WeasyPrint copies @font-face fonts into a temporary folder that it removes when the
    # configuration is collected, which a configuration kept for the process's life never
    # is: remove it at exit, or every command run would leave 1.5 MB in /tmp.
    folder = getattr(config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
