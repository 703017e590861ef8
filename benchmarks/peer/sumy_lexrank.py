"""The peer of benchmarks/speed.py: sumy's LexRank over every cluster of a JSONL file.

Runs in the peer's own environment (see requirements.txt), one call per cluster, the
articles joined by blank lines, sentences split by pysbd: sumy's own tokenizer needs NLTK data
that cannot be downloaded here, so a tokenizer object with the two methods sumy calls stands in
(words: a regular expression). Writes one JSON line a cluster ({"id", "summary"}) to stdout.

Usage: python sumy_lexrank.py DATA.jsonl [SENTENCES]
"""

import json
import re
import sys

import pysbd
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

WORD = re.compile(r"\w+(?:'\w+)?")


class PysbdTokenizer:
    """What sumy asks of a tokenizer: ``to_sentences`` and ``to_words``."""

    language = "english"

    def __init__(self) -> None:
        self._segmenter = pysbd.Segmenter(language="en", clean=False)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.strip() for s in self._segmenter.segment(paragraph) if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(WORD.findall(sentence))


def main() -> None:
    data = sys.argv[1]
    sentences = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = PysbdTokenizer()
    with open(data, encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            record = json.loads(raw)
            text = "\n\n".join(record["documents"])
            document = PlaintextParser.from_string(text, tokenizer).document
            summary = [str(s) for s in summarizer(document, sentences)]
            print(json.dumps({"id": record.get("id"), "summary": "\n".join(summary)}))


if __name__ == "__main__":
    main()
