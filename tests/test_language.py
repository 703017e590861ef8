"""Articles not in English are set aside with their language; English is never taken for one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE, example_text

from newsdesk.errors import InputError
from newsdesk.ingest import read_story
from newsdesk.language import other_language
from newsdesk.pipeline import summarize
from newsdesk.segment import ALL_LOWERCASED_WARNING

RUSSIAN = (
    "Президент США Дональд Трамп заявил, что вторая встреча с лидером КНДР Ким Чен Ыном "
    "состоится в конце февраля. По словам американских чиновников, саммит может пройти во "
    "Вьетнаме. Переговоры о месте проведения встречи продолжаются, сообщили в Белом доме."
)
CHINESE = (
    "美国总统特朗普表示，他与朝鲜领导人金正恩的第二次会晤将于二月底举行。据美国官员透露，"
    "峰会可能在越南举行。白宫表示，有关会晤地点的谈判仍在进行中。"
)
ARABIC = (
    "قال الرئيس الأمريكي دونالد ترامب إن القمة الثانية مع زعيم كوريا الشمالية كيم جونغ أون "
    "ستعقد في أواخر فبراير. وقال مسؤولون أمريكيون إن القمة قد تعقد في فيتنام."
)
ITALIAN = (
    "Il presidente americano Donald Trump ha detto che il secondo vertice con il leader "
    "nordcoreano Kim Jong-un si terrà alla fine di febbraio. Secondo funzionari americani, "
    "il vertice potrebbe svolgersi in Vietnam, mentre le trattative sul luogo continuano."
)


def test_articles_not_in_english_are_set_aside_with_their_language(tmp_path: Path) -> None:
    for name, text in (("ru", RUSSIAN), ("zh", CHINESE), ("ar", ARABIC), ("it", ITALIAN)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    story = read_story([EXAMPLE, tmp_path])
    assert len(story.articles) == len(list(EXAMPLE.glob("*.txt")))
    reasons = {Path(s.input).stem: s.reason for s in story.skipped}
    assert reasons == {
        "ar": "written in Arabic (ar); briefs are written for English",
        "it": "written in Italian (it); briefs are written for English",
        "ru": "written in Russian (ru); briefs are written for English",
        "zh": "written in Chinese (zh); briefs are written for English",
    }
    with pytest.raises(InputError, match=r"no usable article.*written in Chinese"):
        read_story([tmp_path / "zh.txt"])


def test_english_is_never_taken_for_another_language() -> None:
    for path in sorted(EXAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert other_language(text) is None
        assert other_language(text.lower()) is None  # a lower-cased feed is English too
    assert other_language("Kim Jong Un. Hanoi, Vietnam. 27-28 February.") is None  # too short


def test_short_normally_cased_articles_get_no_lower_cased_warning(tmp_path: Path) -> None:
    first = example_text(sorted(p.name for p in EXAMPLE.glob("*.txt"))[0])
    sentences = [s.strip() + "." for s in first.split(".") if 4 < len(s.split()) < 30][:4]
    for number, sentence in enumerate(sentences):
        (tmp_path / f"{number}.txt").write_text(sentence, encoding="utf-8")
    brief = summarize([tmp_path], words=60)
    assert brief.sentences and ALL_LOWERCASED_WARNING not in brief.story.warnings
