"""Similarity of short Chinese texts: indicator names and project descriptions.

A :class:`TextSimilarity` is fitted on a list of texts (e.g. every 三级指标 name of the
corpus, or every project's 名称 + 资金用途 + 绩效目标) and answers "which of them are most like
this one?". The representation is the concatenation of two L2-normalized TF-IDF blocks:

* words: the tokens of :func:`classifier.vocabulary.segmentation.segment`, joined by spaces *before*
  vectorising (so the fitted vectorizers hold no callables and can be pickled safely);
* characters: 1–3 character n-grams of :func:`classifier.vocabulary.segmentation.normalize_text`,
  which catch near-identical spellings the segmenter splits differently.

The cosine similarity of two texts is then ``word_weight * cos_words + (1 - word_weight) *
cos_chars``, a number in [0, 1].

Example::

    >>> sim = TextSimilarity().fit(["服务对象满意度", "群众满意度", "项目完成率"])
    >>> [i for i, _ in sim.most_similar("服务对象满意度指标", k=2)]
    [0, 1]
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

_SPACE = re.compile(r"\s+")


def segmented(text: str) -> str:
    """``text`` as space-joined :func:`~classifier.vocabulary.segmentation.segment` tokens (white space dropped)."""
    from classifier.vocabulary.segmentation import segment

    tokens = segment(text or "")
    return " ".join(t for t in (_SPACE.sub("", tok) for tok in tokens) if t)


def normalized_chars(text: str) -> str:
    """``text`` normalized by :func:`~classifier.vocabulary.segmentation.normalize_text`, white space removed."""
    from classifier.vocabulary.segmentation import normalize_text

    return _SPACE.sub("", normalize_text(text or ""))


class TextSimilarity:
    """Cosine similarity over word TF-IDF (segmented) plus character n-gram TF-IDF.

    Parameters
    ----------
    word_weight : float in [0, 1]
        Weight of the word block; the character block gets ``1 - word_weight``.
    char_ngram_range : (int, int)
        Character n-gram lengths.

    Attributes (after :meth:`fit`)
    ------------------------------
    word_vectorizer_, char_vectorizer_ : fitted ``TfidfVectorizer`` or None (empty vocabulary)
    matrix_ : scipy sparse matrix, shape (n_texts, n_features), rows L2-normalized per block
    n_texts_ : int
    """

    def __init__(self, *, word_weight: float = 0.5, char_ngram_range: tuple[int, int] = (1, 3)):
        self.word_weight = word_weight
        self.char_ngram_range = char_ngram_range

    # -- fitting -------------------------------------------------------------------
    def fit(self, texts: Sequence[str]) -> "TextSimilarity":
        """Fit on ``texts`` (a sequence of str, may be empty strings). Returns self."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [t or "" for t in texts]
        words = [segmented(t) for t in texts]
        chars = [normalized_chars(t) for t in texts]
        self.word_vectorizer_ = TfidfVectorizer(
            analyzer="word", token_pattern=r"[^ ]+", lowercase=False, sublinear_tf=True
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char", ngram_range=tuple(self.char_ngram_range), lowercase=False, sublinear_tf=True
        )
        blocks = []
        for attr, docs in (("word_vectorizer_", words), ("char_vectorizer_", chars)):
            try:
                blocks.append(getattr(self, attr).fit_transform(docs))
            except ValueError:  # empty vocabulary: nothing to compare on this side
                setattr(self, attr, None)
                blocks.append(None)
        self.n_texts_ = len(texts)
        self.matrix_ = self._combine(*blocks, n=len(texts))
        return self

    def _combine(self, word_block, char_block, *, n: int):
        from scipy import sparse

        parts = []
        w = float(self.word_weight)
        for block, weight, vec in (
            (word_block, w, self.word_vectorizer_),
            (char_block, 1.0 - w, self.char_vectorizer_),
        ):
            if vec is None:
                continue
            parts.append(block * np.sqrt(weight))
        if not parts:
            return sparse.csr_matrix((n, 1))
        return sparse.hstack(parts).tocsr()

    def transform(self, texts: Sequence[str]):
        """Vectorise new texts into the fitted space: sparse matrix, shape (len(texts), n_features)."""
        self._check_fitted()
        texts = [t or "" for t in texts]
        word_block = (
            self.word_vectorizer_.transform([segmented(t) for t in texts]) if self.word_vectorizer_ else None
        )
        char_block = (
            self.char_vectorizer_.transform([normalized_chars(t) for t in texts]) if self.char_vectorizer_ else None
        )
        return self._combine(word_block, char_block, n=len(texts))

    # -- queries -------------------------------------------------------------------
    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Similarities of ``texts`` to the fitted texts: array, shape (len(texts), n_texts_), in [0, 1]."""
        self._check_fitted()
        if self.n_texts_ == 0:
            return np.zeros((len(texts), 0))
        scores = (self.transform(texts) @ self.matrix_.T).toarray()
        return np.clip(scores, 0.0, 1.0)

    def most_similar(self, text: str, *, k: int = 5, min_score: float = 0.0) -> list[tuple[int, float]]:
        """The ``k`` fitted texts most similar to ``text``: ``[(index, score), …]``, best first,
        only scores above ``min_score``; ties keep the fitted order."""
        scores = self.similarity([text])[0] if self.n_texts_ else np.zeros(0)
        order = np.argsort(-scores, kind="stable")
        return [(int(i), float(scores[i])) for i in order[:k] if scores[i] > min_score]

    def _check_fitted(self) -> None:
        if not hasattr(self, "matrix_"):
            raise RuntimeError("TextSimilarity is not fitted; call fit(texts) first")


def project_text(name: str, purpose: str | None = None, goals: Sequence[str] | None = None) -> str:
    """The text a project is compared on: its name (twice, so it weighs more), purpose and goals."""
    parts = [name or "", name or "", purpose or "", *(goals or ())]
    return "\n".join(p for p in parts if p)
