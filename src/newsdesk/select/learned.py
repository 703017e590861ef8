"""The learned default: supervised sentence salience, a news lead, no repeats.

A sentence's salience is predicted by gradient-boosted trees trained on Multi-News
(``training/salience.py``) from the features of :mod:`newsdesk.select.features`; the target
is how much of the sentence the human summary states, so the model learns what editors keep
(early sentences, what several outlets state, central content) from their summaries rather
than from hand-set weights. This is the supervised extractive setting of Cao et al. (2015),
"Ranking with Recursive Neural Networks and Its Application to Multi-Document
Summarization", with trees in place of the network.

Selection, in the spirit of Carbonell & Goldstein (1998), "The Use of MMR, Diversity-Based
Reranking for Reordering Documents and Producing Summaries":

1. the **lead**: a second model, trained to match the summary's first sentence, picks the
   sentence that opens the brief (Multi-News summaries open with the news);
2. then greedily, the highest salience times novelty (one less the cosine to the closest
   chosen sentence) that fits the budget;
3. never a sentence that restates a chosen one (see
   :meth:`newsdesk.attribute.ContentRows.restating`: the citation test, applied between
   brief sentences) and, while others are left, never one that depends on an earlier
   sentence (:func:`newsdesk.segment.depends_on_context`) unless that earlier sentence is
   in the brief, where the order stage puts it right before.

Versions: ``newsdesk.v3`` is this design; v1 and v2 stay registered.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import ClassVar

import numpy as np

from newsdesk.attribute import SUPPORT_THRESHOLD, ContentRows
from newsdesk.focus import Focus
from newsdesk.recency import timeline
from newsdesk.represent import Representation
from newsdesk.segment import MIN_PRESENTABLE_WORDS, depends_on_context
from newsdesk.select.base import Budget, Summarizer
from newsdesk.select.features import FEATURE_NAMES, sentence_features
from newsdesk.standalone import Needs, People, insertion_words, people_of, story_needs
from newsdesk.trees import TreeEnsemble
from newsdesk.types import ScoredSentence, Story

MODEL_FILE = "salience.json"

#: The share of an article's lede (IDF-weighted content) that the brief has already told for
#: it to be the same news again (newsdesk.v4): set by editorial judgement, before measuring,
#: as "about a third of its key terms" (a lede's content words are few and specific).
LEDE_TOLD = 0.3


@dataclass(frozen=True)
class SalienceModel:
    """The two shipped regressors: salience of any sentence, and fitness to lead."""

    salience: TreeEnsemble
    lead: TreeEnsemble


@functools.lru_cache(maxsize=1)
def load_model() -> SalienceModel:
    """The model shipped as package data (read once per process)."""
    text = resources.files("newsdesk").joinpath(f"data/{MODEL_FILE}").read_text("utf-8")
    data = json.loads(text)
    if tuple(data["features"]) != FEATURE_NAMES:
        raise RuntimeError(f"{MODEL_FILE} was trained on other features: retrain it")
    return SalienceModel(
        TreeEnsemble.from_dict(data["salience"]), TreeEnsemble.from_dict(data["lead"])
    )


class NewsdeskV3(Summarizer):
    """Learned salience and lead, greedy by salience times novelty, no restatements."""

    name = "newsdesk.v3"
    #: The lead is a sentence a reader takes in at once.
    lead_max_words: ClassVar[int] = 45
    #: Novelty is raised to this power: 0 ignores it, larger values favour new content.
    novelty_exponent: ClassVar[float] = 1.0
    #: Selection compares candidates pairwise: a larger story offers its most salient
    #: sentences and best leads only (about 2,000 sentences hold some 40,000 words).
    max_candidates: ClassVar[int] = 2000
    focused_features = ("lead",)

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        rows, features = sentence_features(representation)
        if not rows:
            return []
        model = load_model()
        salience = model.salience.predict(features)
        lead = model.lead.predict(features)
        opens = features[:, FEATURE_NAMES.index("needs_context")]  # opens_on_context, found
        return [
            ScoredSentence(
                representation.sentences[row],
                round(float(salience[k]), 6),
                {
                    "salience": round(float(salience[k]), 6),
                    "lead": round(float(lead[k]), 6),
                    "needs_context": float(
                        depends_on_context(representation.sentences[row].text, opens=opens[k] > 0)
                    ),
                },
            )
            for k, row in enumerate(rows)
        ]

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        pool = self._pool(scored)
        if not pool:
            return []
        candidates = _Candidates(pool, representation, budget)
        standalone = ~candidates.needs_context
        everything = np.ones(len(pool), dtype=bool)
        lead = self._lead(candidates, standalone if standalone.any() else everything)
        if lead is not None:
            candidates.choose(lead)

        def allowed() -> np.ndarray:
            open_: np.ndarray = standalone | candidates.follows_chosen()
            return open_

        self._fill(candidates, allowed)
        if not candidates.any_left(allowed()):  # the story has no more of those, fit or not
            self._fill(candidates, lambda: everything)
        return [pool[k] for k in candidates.chosen]

    def _pool(self, scored: Sequence[ScoredSentence]) -> list[ScoredSentence]:
        """The presentable sentences, or in a very large story the most salient and the best
        leads among them (so that selection stays linear in the story's size: it compares
        candidates pairwise), in story order."""
        pool = [item for item in scored if item.sentence.presentable]
        if len(pool) <= self.max_candidates:
            return pool
        keep = set()
        for values in ([s.score for s in pool], [s.features["lead"] for s in pool]):
            ranked = sorted(range(len(pool)), key=lambda k: -values[k])
            keep.update(ranked[: self.max_candidates // 2])
        return [pool[k] for k in sorted(keep)]

    def lead_of(self, selected: Sequence[ScoredSentence]) -> ScoredSentence | None:
        return selected[0] if selected else None

    def _lead(self, candidates: _Candidates, allowed: np.ndarray) -> int | None:
        """The fitting, allowed candidate with the best lead score (ties: the earlier)."""
        limit = min(self.lead_max_words, candidates.words_left or self.lead_max_words)
        fitting = allowed & (candidates.words <= limit)
        if not fitting.any():
            return None
        return int(np.argmax(np.where(fitting, candidates.lead, -np.inf)))

    def _fill(self, candidates: _Candidates, allowed: Callable[[], np.ndarray]) -> None:
        """Choose, while the budget allows, the allowed candidate of the best salience times
        novelty (ties: the earlier in story order); what is allowed may grow as sentences
        are chosen."""
        value = candidates.salience - candidates.salience.min() + 1e-3
        while candidates.room_for_more():
            open_ = allowed() & candidates.available()
            if not open_.any():
                return
            gain = value * candidates.novelty() ** self.novelty_exponent
            candidates.choose(int(np.argmax(np.where(open_, gain, -np.inf))))


class NewsdeskV4(NewsdeskV3):
    """newsdesk.v3 with an editor's rules: every sentence can run where the brief puts it.

    - a sentence that leans on the one before it in its article is taken only right after it
      (as in v3), and never as a last resort to fill the budget: a brief is left short rather
      than given a sentence that cannot run;
    - a person named by a short form ("Chaney") must be introduced: completed from the one
      full name the story gives (the pipeline inserts it, marked), or named in full by a
      sentence the brief has already taken (see :mod:`newsdesk.standalone`);
    - the lead comes from the articles that know the latest state of the story, and tells the
      latest development rather than background; what an article more than a week older than
      the newest said of the state of things then ("the location remains to be determined")
      only supports citations (see :mod:`newsdesk.recency`).
    """

    name = "newsdesk.v4"
    introduces_people = True

    def summarize(
        self,
        story: Story,
        representation: Representation,
        budget: Budget,
        focus: Focus | None = None,
    ) -> list[ScoredSentence]:
        scored = self.score(story, representation)
        if focus is not None:
            scored = focus.reweigh(scored, representation, self.focused_features)
        dates = timeline(story)
        old = dates.stale(story)
        current = [s for s in scored if s.sentence.key not in old]
        earlier = dates.background()
        knowing = dates.latest()
        newest = frozenset(
            s.sentence.key
            for s in scored
            if s.sentence.article_id in knowing and s.sentence.key not in earlier
        )
        return self._select_editorial(
            current or list(scored), representation, budget, newest, dates.latest_development()
        )

    def _select_editorial(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
        newest: frozenset[tuple[str, int]],
        development: frozenset[tuple[str, int]] = frozenset(),
    ) -> list[ScoredSentence]:
        pool = self._pool(scored)
        if not pool:
            return []
        candidates = _Candidates(pool, representation, budget, told=True)
        people = people_of(representation.sentences)
        needs = story_needs(representation.sentences, people, {item.sentence.key for item in pool})
        names = _NamesGiven([needs[item.sentence.key] for item in pool], people)
        # Completing a person's name (newsdesk.standalone) costs words of the budget too.
        candidates.words = candidates.words + np.array(
            [insertion_words(needs[item.sentence.key], people) for item in pool]
        )
        standalone = np.array([not needs[item.sentence.key].previous for item in pool])
        leads = standalone & names.given
        from_newest = np.array([item.sentence.key in newest for item in pool])
        lead = self._lead(candidates, leads & from_newest if (leads & from_newest).any() else leads)
        if lead is not None:
            candidates.choose(lead)
            names.choose(lead)
        # When the articles span time, the opening carries the latest development: if the
        # lead does not tell it, the best sentence that does follows the lead.
        # The opening's second sentence follows a lead that names the story's subject and
        # event: it may lean on that as on its own article ("the two leaders plan to meet"),
        # so it needs only be more likely to stand alone than not.
        opening_allowed = np.array(
            [needs[item.sentence.key].p_previous < self.opening_risk for item in pool]
        )
        opening_second: int | None = None
        if lead is not None and development and pool[lead].sentence.key not in development:
            tells = np.array([item.sentence.key in development for item in pool])
            second = self._lead(
                candidates, tells & opening_allowed & names.given & candidates.available()
            )
            if second is not None:
                candidates.choose(second)
                names.choose(second)
                opening_second = second
        # The second sentence of such an opening stands between the lead and what follows it
        # in its article: a sentence that leans on the lead cannot follow it any more.
        not_after = np.zeros(len(pool), dtype=bool)
        if opening_second is not None:
            not_after[candidates.previous_of() == lead] = True

        # Every sentence taken on its own stands alone by the test's threshold (which keeps 90%
        # recall of sentences that need the one before them), the one `evaluate` reads with:
        # a laxer bar (0.5) gained ROUGE and lost readability (benchmarks/RESULTS.md).
        while candidates.room_for_more():
            taken = self._fill_one(candidates, standalone, names.given, not_after)
            if not taken:
                break
            for k in taken:
                names.choose(k)
        chosen = [pool[k] for k in candidates.chosen]
        if opening_second is not None:
            chosen[1] = replace(chosen[1], features={**chosen[1].features, "opening": 1.0})
        return chosen

    def opening_of(self, selected: Sequence[ScoredSentence]) -> list[ScoredSentence]:
        """The lead, and after it the sentence that tells the latest development when the
        lead does not (see :func:`newsdesk.recency.latest_development`)."""
        opening = selected[:1]
        if len(selected) > 1 and selected[1].features.get("opening"):
            opening = selected[:2]
        return list(opening)

    #: The longest run of sentences of one article taken together: a sentence that leans on
    #: the one before it comes with it, and so on back to one that stands alone.
    max_run: ClassVar[int] = 4

    #: The opening's second sentence may lean on the lead as on its own article: it needs only
    #: be more likely to stand alone than not (set by that reading, not tuned).
    opening_risk: ClassVar[float] = 0.5

    def _fill_one(
        self,
        candidates: _Candidates,
        standalone: np.ndarray,
        names_given: np.ndarray,
        not_after: np.ndarray,
    ) -> list[int]:
        """Choose the best allowed run by salience times novelty (a run's worth is its
        sentences' mean): one candidate that stands alone or follows a chosen sentence, or a
        sentence that leans on the one before it together with the sentences before it back
        to one that stands alone (at most ``max_run``), if any fits; return what was chosen."""
        value = candidates.salience - candidates.salience.min() + 1e-3
        gain = value * candidates.novelty() ** self.novelty_exponent
        available = candidates.available() & names_given
        follows = candidates.follows_chosen() & ~not_after
        before = candidates.previous_of()
        left = candidates.words_left if candidates.words_left is not None else np.inf
        sentences = candidates.budget.sentences
        sentences_left = np.inf if sentences is None else sentences - len(candidates.chosen)
        best: tuple[float, list[int]] = (-np.inf, [])
        for start in np.flatnonzero(available):
            run = [int(start)]
            while not (standalone[run[0]] or follows[run[0]]) and len(run) < self.max_run:
                first = int(before[run[0]])
                if first < 0 or not available[first]:
                    break
                run.insert(0, first)
            if not (standalone[run[0]] or follows[run[0]]):
                continue
            if int(candidates.words[run].sum()) > left or len(run) > sentences_left:
                continue
            worth = float(gain[run].mean())
            if worth > best[0]:
                best = (worth, run)
        for chosen in best[1]:
            candidates.choose(chosen)
        return best[1]


class _NamesGiven:
    """Which candidates may be printed as far as their words go: none is someone's words that
    would read as the brief's own (the learned voice test), and each person they name by a
    short form is completable from the story or named in full by a chosen sentence."""

    def __init__(self, needs: Sequence[Needs], people: People) -> None:
        self._needs = list(needs)
        self._unresolved = [
            frozenset(form for form in needs.names if people.person(form) is None)
            for needs in self._needs
        ]
        self._voice = np.array([needs.voice for needs in self._needs], dtype=bool)
        self._introduced: set[str] = set()
        self.given = self._compute()

    def choose(self, k: int) -> None:
        if self._needs[k].introduces:
            self._introduced.update(self._needs[k].introduces)
            self.given = self._compute()

    def _compute(self) -> np.ndarray:
        names = np.array([forms <= self._introduced for forms in self._unresolved], dtype=bool)
        given: np.ndarray = names & ~self._voice
        return given


def _opens_its_article(
    pool: Sequence[ScoredSentence], representation: Representation
) -> np.ndarray:
    """Whether each candidate is its article's first presentable sentence (its lede)."""
    first: dict[str, int] = {}
    for sentence in representation.sentences:
        if sentence.presentable:
            earliest = first.get(sentence.article_id, sentence.index)
            first[sentence.article_id] = min(earliest, sentence.index)
    return np.array([first.get(i.sentence.article_id) == i.sentence.index for i in pool])


class _Candidates:
    """The presentable sentences of a story as arrays, and what a brief has taken so far.

    Choosing a sentence rules out every candidate that restates it (see
    :meth:`newsdesk.attribute.ContentRows.restating`) and lowers the novelty of the others:
    one less their highest cosine to a chosen sentence. Both are read from candidate-by-
    candidate matrices computed once.
    """

    def __init__(
        self,
        pool: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
        *,
        told: bool = False,
    ) -> None:
        rows = [representation.row(item.sentence.key) for item in pool]
        self.budget = budget
        self.salience = np.array([item.score for item in pool])
        self.lead = np.array([item.features["lead"] for item in pool])
        self.needs_context = np.array([bool(item.features["needs_context"]) for item in pool])
        self.words = np.array([item.sentence.words for item in pool])
        self.words_left = budget.words
        self.chosen: list[int] = []
        content = ContentRows.of(representation, rows)
        self._restating = content.restating()
        # With ``told``, what the chosen sentences have said together counts too (see
        # :meth:`_told_again`): a restatement may take its words from several of them.
        self._content = content if told else None
        self._said = np.zeros(representation.presence.shape[1])
        self._opens = _opens_its_article(pool, representation) if told else np.zeros(0, bool)
        vectors = representation.vectors[rows]
        self._cosine = np.asarray((vectors @ vectors.T).todense())
        self._blocked = np.zeros(len(pool), dtype=bool)
        self._closest = np.zeros(len(pool))
        self._taken = np.zeros(len(pool), dtype=bool)
        at = {item.sentence.key: k for k, item in enumerate(pool)}
        self._previous = np.array(
            [at.get((item.sentence.article_id, item.sentence.index - 1), -1) for item in pool]
        )

    def _told_again(self, k: int) -> np.ndarray:
        """After choosing k, the candidates the chosen sentences tell together: those of
        which they hold ``SUPPORT_THRESHOLD`` of the IDF-weighted content, and the openings
        of other articles (an article's first presentable sentence, its lede) of which they
        hold ``LEDE_TOLD``: in a story of one event, every article's lede tells that event,
        and a second lede that shares its key terms with the brief is the same news again."""
        content = self._content
        assert content is not None
        self._said = np.maximum(self._said, content.presence[k].toarray().ravel())
        totals = content.totals
        holds = content.weighted @ self._said
        share = np.divide(holds, totals, out=np.zeros_like(holds), where=totals > 0)
        told: np.ndarray = (share >= SUPPORT_THRESHOLD) | (self._opens & (share >= LEDE_TOLD))
        return told

    def room_for_more(self) -> bool:
        if self.budget.sentences is not None and len(self.chosen) >= self.budget.sentences:
            return False
        return self.words_left is None or self.words_left >= MIN_PRESENTABLE_WORDS

    def available(self) -> np.ndarray:
        """Not chosen, not restating a chosen sentence, and within the words left."""
        fits = self.words <= (self.words_left if self.words_left is not None else np.inf)
        return ~self._blocked & fits

    def previous_of(self) -> np.ndarray:
        """Each candidate's article predecessor's position in the pool (-1: not a candidate)."""
        return self._previous

    def follows_chosen(self) -> np.ndarray:
        """Whether the sentence before each candidate in its article is chosen: then a
        sentence that depends on it can follow it (the order stage keeps them together)."""
        follows: np.ndarray = (self._previous >= 0) & self._taken[self._previous]
        return follows

    def any_left(self, allowed: np.ndarray) -> bool:
        """Whether any allowed candidate may still be chosen, whatever its length."""
        return bool((allowed & ~self._blocked).any())

    def novelty(self) -> np.ndarray:
        return np.maximum(1.0 - self._closest, 0.0)

    def choose(self, k: int) -> None:
        self.chosen.append(k)
        self._taken[k] = True
        self._blocked |= self._restating[k]
        self._blocked[k] = True
        if self._content is not None:
            self._blocked |= self._told_again(k)
        self._closest = np.maximum(self._closest, self._cosine[k])
        if self.words_left is not None:
            self.words_left -= int(self.words[k])
