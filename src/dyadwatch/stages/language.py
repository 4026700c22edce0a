"""Language identification, per paragraph, with py3langid.

Each paragraph is labelled among ``Settings.languages`` plus the few other
languages the corpus really contains (knowledge/language/candidates.yaml);
short paragraphs among ``Settings.languages`` only. The article's language is
the one covering the most letters, so an English article with a Russian
footer is English. No text, no language (None).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from ..document import Doc
from ..knowledge import load_yaml
from ..pipeline import Stage
from ..records import Span


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> Any:
    """A py3langid identifier restricted to ``languages`` (one per language set; the model loads once each)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(ident.nb_classes)
    usable = [lang for lang in languages if lang in known]
    if not usable:
        raise ValueError(f"none of the languages {languages} is known to py3langid")
    ident.set_languages(usable)
    return ident


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


class LanguageStage(Stage):
    name = "language"
    requires = ()
    adds = ("language", "paragraph_languages")

    def __init__(self, settings: Any = None) -> None:
        super().__init__(settings)
        if settings is None:
            from ..settings import Settings

            settings = self.settings = Settings()
        config = load_yaml("language/candidates.yaml", tuple(str(p) for p in settings.knowledge_paths)) or {}
        self.primary = tuple(dict.fromkeys(settings.languages))
        self.candidates = tuple(dict.fromkeys((*self.primary, *(config.get("extra") or ()))))
        self.short_letters = int(config.get("short_paragraph_letters", 40))
        self.min_letters = int(config.get("min_letters", 3))

    def warm_up(self) -> None:
        _identifier(self.candidates)
        _identifier(self.primary)

    def identify(self, text: str, letters: int | None = None) -> tuple[str, float] | None:
        """(language, probability) of one piece of text, or None when it has too few letters
        (``letters``: its count of letters, when the caller has it)."""
        n = _letters(text) if letters is None else letters
        if n < self.min_letters:
            return None
        ident = _identifier(self.primary if n < self.short_letters else self.candidates)
        lang, prob = ident.classify(text)
        return str(lang), float(prob)

    def process(self, doc: Doc) -> Mapping[str, Any]:
        text = doc.text
        spans = doc.clean.paragraphs or ((Span(0, len(text), text),) if text.strip() else ())
        labelled: list[tuple[Span, str]] = []
        weight: dict[str, int] = {}
        for span in spans:
            letters = _letters(span.text)
            found = self.identify(span.text, letters)
            if found is None:
                continue
            labelled.append((span, found[0]))
            weight[found[0]] = weight.get(found[0], 0) + letters
        # ties go to the language met first, which is the article's opening
        language = max(weight, key=lambda lang: weight[lang]) if weight else None
        return {"language": language, "paragraph_languages": tuple(labelled)}
