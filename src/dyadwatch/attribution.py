"""Moved: speaker finding lives in ``dyadwatch.stages.quotes.attribution`` (the quote stage's package).

Kept so that the event and commitment stages' imports keep working while they are reworked;
new code imports from the quote stage's package.
"""
from .stages.quotes.attribution import (SpeakerFinder, SpeakerHit, SpeechHistory, speaker_lexicon,  # noqa: F401
                                        speech_lexicon)
