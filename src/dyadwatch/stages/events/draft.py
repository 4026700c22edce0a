"""An event being built, before it is frozen into a records.Event."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...records import Actor, PartialDate, Place, Span
from .triggers import TriggerHit

STAGE = "events"


@dataclass
class Draft:
    """An event being built: mutable while mentions of it are merged, frozen into an Event at the end."""

    trigger: TriggerHit
    evidence: Span
    actors: list[Actor] = field(default_factory=list)
    date: PartialDate | None = None
    place: Place | None = None
    multilateral: bool = False
    confidence: float = 0.7

    person_ids: set[str] = field(default_factory=set)
    context: tuple[str, ...] = ()  # extra PLOVER context: "visit" for talks held during a visit
    mentions: set[int] = field(default_factory=set)  # sentence starts of the mentions merged into this event
    recalled: bool = False  # a contact a speaker recalls in a quotation as "we"/"your visit" (stages/events/recalled)

    @property
    def persons(self) -> set[str]:
        return self.person_ids

    @property
    def anaphoric(self) -> bool:
        """"the meeting", "Во встрече приняли участие ...": a mention of a meeting named before."""
        return self.trigger.participation or len(self.person_ids) < 2

    def actor_ids(self) -> set[str]:
        return {a.entity or a.name for a in self.actors}


