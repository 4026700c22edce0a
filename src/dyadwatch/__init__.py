"""dyadwatch: news about two countries in; a structured, evidence-linked record out."""
import os as _os

if _os.environ.get("DYADWATCH_DIE_WITH_PARENT"):  # a process-engine worker: die with the parent, armed first
    from .lifeline import arm_from_environment

    arm_from_environment()

from .api import Analyzer, extract, process_text
from .records import Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place, Quote, Span, Topic
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["Analyzer", "extract", "process_text", "Settings", "Article", "Entity", "Mention", "Event", "Quote",
           "Commitment", "Amount", "PartialDate", "Span", "Actor", "Place", "Topic"]
