"""What a frozen edition shows: the snapshot taken at submission (format in ``Assessment``'s
docstring). Pages, PDF, exports, the catalogue and the comparison of a frozen edition read
it, never today's rows of the service, the vendor or the answers."""

from __future__ import annotations

from typing import Any

from ..domain.answers import Answer, AnswersFile, ServiceInfo, to_data
from ..domain.grid import Grid
from ..domain.scoring import Score, score_to_json
from ..models import Assessment, utcnow
from .records import to_answers_file

SNAPSHOT_FORMAT = "repere/snapshot@1"


def take_snapshot(
    assessment: Assessment, grid: Grid, answers: dict[str, Answer], result: Score
) -> dict[str, Any]:
    """The snapshot of ``assessment`` as it is now: its service, vendor, grid and answers,
    with ``result`` (the domain's score of those answers) as ``score_to_json`` writes it."""
    service = assessment.service
    vendor_name = service.organisation.name
    answers_file = AnswersFile(
        grid=grid.id,
        version=grid.version,
        audience=assessment.audience,
        service=ServiceInfo(
            name=service.name,
            organisation=vendor_name,
            category=service.category,
            url=service.url or None,
        ),
        answers=answers,
    )
    return {
        "format": SNAPSHOT_FORMAT,
        "taken_at": utcnow().isoformat(),
        "service": {"name": service.name, "category": service.category, "url": service.url},
        "vendor": {"name": vendor_name},
        "audience": assessment.audience,
        "grid": {
            "id": grid.id,
            "version": grid.version,
            "status": grid.header.status,
            "sha256": grid.checksum,
        },
        "answers": to_data(answers_file, grid),
        "score": score_to_json(result),
    }


def snapshot_answers(snapshot: dict[str, Any]) -> AnswersFile:
    """The answers file stored in a snapshot."""
    return AnswersFile.model_validate(snapshot["answers"])


def answers_file_of(assessment: Assessment) -> AnswersFile:
    """A frozen edition's answers file from its snapshot; a draft's from today's rows.

    Editions frozen before snapshots existed (none is taken for them) fall back to the rows,
    which a frozen edition no longer changes; only the service's description may have moved.
    """
    if assessment.frozen and assessment.snapshot:
        return snapshot_answers(assessment.snapshot)
    return to_answers_file(assessment)


class FrozenService:
    """A frozen edition's service as its snapshot recorded it (the id links to today's)."""

    def __init__(self, service_id: int, snapshot: dict[str, Any]) -> None:
        self.id = service_id
        self.name: str = snapshot["service"]["name"]
        self.category: str = snapshot["service"]["category"]
        self.url: str | None = snapshot["service"].get("url")
        self.vendor_name: str = snapshot["vendor"]["name"]


def service_of(assessment: Assessment) -> Any:
    """The service as a page of this positioning shows it: the snapshot's when frozen."""
    if assessment.frozen and assessment.snapshot:
        return FrozenService(assessment.service_id, assessment.snapshot)
    return assessment.service
