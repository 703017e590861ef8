"""Select: summarizers, one module each, behind the :class:`Summarizer` interface.

:mod:`~newsdesk.select.base` (the interface and greedy selection), :mod:`~newsdesk.select.writer`
(a summarizer that writes its own sentences, held to ``check``), then one module per
summarizer: :mod:`~newsdesk.select.learned` (``newsdesk.v3``, ``newsdesk.v4``, with its
:mod:`~newsdesk.select.features`; the trees are evaluated by :mod:`newsdesk.trees`),
:mod:`~newsdesk.select.newsdesk` (v1, v2), :mod:`~newsdesk.select.llm`, and the baselines
``lead``, ``lexrank``, ``textrank``, ``centroid``, ``mmr``, ``concept``. Names are given in
:mod:`newsdesk.registry`.
"""

from newsdesk.select.base import Budget, Summarizer

__all__ = ["Budget", "Summarizer"]
