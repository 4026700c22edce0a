"""Small stages for engine and ingest tests (importable by spawned workers).

``ScriptStage`` sets the language from the script; ``TrapStage`` raises on a
poisoned article and kills its worker process on a lethal one, so failure
handling can be tested without the language models.
"""
from __future__ import annotations

import os
import re

from dyadwatch.pipeline import Stage

POISON = "POISON-PILL"
LETHAL = "LETHAL-PILL"


class ScriptStage(Stage):
    name = "language"
    adds = ("language",)

    def process(self, doc):
        return {"language": "ru" if re.search(r"[а-яА-Я]", doc.text) else "en"}


class TrapStage(Stage):
    name = "tone"
    requires = ("language",)
    adds = ("tone",)

    def process(self, doc):
        if LETHAL in doc.text:
            os._exit(3)
        if POISON in doc.text:
            raise ValueError("poisoned article")
        return {"tone": 1.0 if doc.text.count("сотрудничество") or "cooperation" in doc.text else 0.0}


def trap_stages():
    return (ScriptStage(), TrapStage())
