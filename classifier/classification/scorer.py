"""The fitted classifier as plain numpy arrays, and a scorer that needs nothing else.

:func:`export_arrays` takes a fitted :class:`~classifier.classification.estimator.IndicatorClassifier`
and writes down what its scikit-learn pipeline does at prediction time: for each feature
block (word, char, desc, rule, head, unit, value) its vocabulary, idf, n-gram range and weight;
then the logistic regression's coefficients and intercepts and the temperature. :class:`Scorer`
does the same arithmetic with numpy alone (TF-IDF with sublinear tf and l2 norm per block,
binary counts, the weighted blocks side by side, logits, softmax of logits / temperature), so
``classify`` never imports scikit-learn and never unpickles anything: the arrays are stored
as ``scorer.npz`` next to ``model.joblib`` and read with ``allow_pickle=False``.
``train`` and ``evaluate`` keep the scikit-learn Pipeline; a test checks that both give the
same probabilities (max abs difference below 1e-9) on every name the project ships.
"""
from __future__ import annotations

import re
import weakref
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from classifier.classification.features import _FIELD_LABEL, N_COLUMNS

#: Version of the arrays' layout; :func:`load_scorer_arrays` refuses others.
SCORER_FORMAT_VERSION = 1
SCORER_FILE = "scorer.npz"
TOP_TOKENS = 5
_ROWS_PER_CHUNK = 2048  # rows whose (features × classes) products are summed at once
_KINDS = ("word", "char", "binary")  # word/char: TF-IDF over word or character n-grams
_WHITE_RUN = re.compile(r"\s\s+")  # what sklearn's character analyzer turns into one space


class ExportError(ValueError):
    """The fitted pipeline does something the numpy scorer does not do."""


def _check_vectorizer(name: str, vectorizer: Any) -> str:
    """The kind of a fitted vectorizer (see ``_KINDS``), after checking every setting the
    scorer relies on."""
    params = vectorizer.get_params()
    common = {"input": "content", "encoding": "utf-8", "decode_error": "strict", "strip_accents": None,
              "lowercase": False, "preprocessor": None, "tokenizer": None, "stop_words": None,
              "vocabulary": None}
    for key, expected in common.items():
        if params.get(key) != expected:
            raise ExportError(f"特征块 {name}：不支持 {key}={params.get(key)!r}")
    tfidf = hasattr(vectorizer, "idf_")
    if tfidf:
        wanted = {"norm": "l2", "use_idf": True, "sublinear_tf": True, "binary": False}
        for key, expected in wanted.items():
            if params.get(key) != expected:
                raise ExportError(f"特征块 {name}：不支持 {key}={params.get(key)!r}")
        if params["analyzer"] == "char":
            return "char"
        if params["analyzer"] == "word" and params["token_pattern"] == r"\S+":
            return "word"
        raise ExportError(f"特征块 {name}：不支持 analyzer {params['analyzer']!r} / token_pattern {params['token_pattern']!r}")
    if params["analyzer"] != "word" or params["token_pattern"] != r"\S+" or not params["binary"] or tuple(params["ngram_range"]) != (1, 1):
        raise ExportError(f"特征块 {name}：只支持二值的单个词元")
    return "binary"


def export_arrays(model: Any) -> dict[str, np.ndarray]:
    """Everything :class:`Scorer` needs from a fitted ``IndicatorClassifier``, as plain arrays.

    Parameters
    ----------
    model : IndicatorClassifier
        A fitted model (``pipeline_`` of a ColumnTransformer ``features`` and a
        LogisticRegression ``logreg``).

    Returns
    -------
    dict of str to ndarray
        Numbers, strings (as UTF-8 bytes) and flags only: nothing that needs unpickling.

    Raises
    ------
    ExportError
        When the pipeline uses a setting the scorer does not implement.
    """
    features = model.pipeline_.named_steps["features"]
    logreg = model.pipeline_.named_steps["logreg"]
    weights = features.transformer_weights or {}
    names, kinds, columns, block_weights, ngrams, sizes = [], [], [], [], [], []
    terms: list[str] = []
    idf_parts = []
    for name, vectorizer, column in features.transformers_:
        if name == "remainder":
            if vectorizer != "drop":
                raise ExportError("其余的列没有被丢弃（remainder 不是 drop）")
            continue
        if not isinstance(column, (int, np.integer)) or not 0 <= int(column) < N_COLUMNS:
            raise ExportError(f"特征块 {name}：列 {column!r} 不是 {N_COLUMNS} 个特征列之一")
        kind = _check_vectorizer(name, vectorizer)
        vocabulary = vectorizer.vocabulary_
        block_terms = [""] * len(vocabulary)
        for term, index in vocabulary.items():
            block_terms[index] = term
        if any("\n" in t for t in block_terms):
            raise ExportError(f"特征块 {name}：有词元含换行符")
        names.append(name)
        kinds.append(kind)
        columns.append(int(column))
        block_weights.append(float(weights.get(name, 1.0)))
        ngrams.append(tuple(vectorizer.get_params()["ngram_range"]))
        sizes.append(len(block_terms))
        terms += block_terms
        idf_parts.append(np.asarray(vectorizer.idf_, dtype=np.float64) if kind != "binary" else np.ones(len(block_terms)))
    coef = np.ascontiguousarray(logreg.coef_)
    if coef.shape[1] != len(terms):
        raise ExportError(f"回归每类有 {coef.shape[1]} 个系数，特征却有 {len(terms)} 个")
    return {
        "format_version": np.array(SCORER_FORMAT_VERSION),
        "classes": np.array([str(c) for c in model.classes_]),
        "block_names": np.array(names),
        "block_kinds": np.array(kinds),
        "block_columns": np.array(columns, dtype=np.int64),
        "block_weights": np.array(block_weights, dtype=np.float64),
        "block_ngrams": np.array(ngrams, dtype=np.int64).reshape(-1, 2),
        "block_sizes": np.array(sizes, dtype=np.int64),
        "terms": np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8),
        "idf": np.concatenate(idf_parts) if idf_parts else np.zeros(0),
        "coef": coef,
        "intercept": np.ascontiguousarray(logreg.intercept_),
        "temperature": np.array(float(getattr(model, "temperature", 1.0))),
    }


def save_scorer_arrays(arrays: Mapping[str, np.ndarray], path: str | Path) -> Path:
    """Write ``arrays`` as a compressed ``.npz`` file (no pickled objects; the same arrays give
    the same bytes: the zip entries carry a fixed date); return the path."""
    import zipfile

    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            value = np.asarray(arrays[key])
            if value.dtype.hasobject:
                raise ExportError(f"数组 {key} 含 Python 对象")
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, value, allow_pickle=False)
    tmp.replace(path)
    return path


def load_scorer_arrays(path: str | Path) -> dict[str, np.ndarray]:
    """Read a scorer file written by :func:`save_scorer_arrays` (``allow_pickle=False``).

    Raises ValueError (or OSError) when the file is not such a file."""
    with np.load(path, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    version = arrays.get("format_version")
    if version is None or int(version) != SCORER_FORMAT_VERSION:
        raise ValueError(f"打分文件格式是 {None if version is None else int(version)}，本库读取 {SCORER_FORMAT_VERSION}")
    return arrays


def _char_grams(text: str, low: int, high: int) -> list[str]:
    """sklearn's character n-grams (``_char_ngrams``; white space runs become one space)."""
    if _WHITE_RUN.search(text):
        text = _WHITE_RUN.sub(" ", text)
    n_chars = len(text)
    out = list(text) if low == 1 else []
    for n in range(max(low, 2), min(high + 1, n_chars + 1)):
        out += [text[i:i + n] for i in range(n_chars - n + 1)]
    return out


def _char_key(term: str) -> int:
    """The integer of a character n-gram of at most 3 characters (see :meth:`Scorer._char_ids`);
    -1 for longer terms and terms holding NUL (never looked up)."""
    if len(term) > 3 or "\0" in term:
        return -1
    key = 0
    for char in term:
        key = (key << 21) | (ord(char) + 1)
    return key


class _IntTable:
    """A hash table from non-negative int64 keys to int64 values, looked up for whole arrays at
    once (open addressing, linear probing; at most an eighth full, so that a look-up rarely
    takes more than a few probes: each probe is one pass over the keys still looked for)."""

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        bits = max(4, int(8 * max(len(keys), 1) - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, -1, dtype=np.int64)
        self._values = np.zeros(1 << bits, dtype=np.int64)
        pending = np.arange(len(keys))
        slots = self._slots(keys)
        while len(pending):
            at = slots[pending]
            free = self._keys[at] == -1
            _, first = np.unique(at[free], return_index=True)  # one key per free slot
            placed = np.flatnonzero(free)[first]
            self._keys[at[placed]] = keys[pending[placed]]
            self._values[at[placed]] = values[pending[placed]]
            rest = np.ones(len(pending), dtype=bool)
            rest[placed] = False
            pending = pending[rest]
            slots[pending] = (slots[pending] + 1) & self._mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 for keys not in the table."""
        out = np.full(len(keys), -1, dtype=np.int64)
        todo = np.arange(len(keys))
        slots = self._slots(keys)
        while len(todo):
            at = slots[todo]
            stored = self._keys[at]
            hit = stored == keys[todo]
            out[todo[hit]] = self._values[at[hit]]
            todo = todo[~hit & (stored != -1)]
            slots[todo] = (slots[todo] + 1) & self._mask
        return out


class Scorer:
    """The classifier's prediction arithmetic on plain arrays (see the module docstring).

    Parameters
    ----------
    arrays : mapping of str to ndarray
        What :func:`export_arrays` returns (or :func:`load_scorer_arrays` reads).
    metadata : dict, optional
        The model's checked ``metadata.json`` (``review_cutoff`` …), kept as ``metadata_``.

    Attributes
    ----------
    classes_ : ndarray of str, shape (n_classes,)
        The category ids, in the column order of :meth:`proba`.
    n_features_ : int
        The number of features the regression sees.
    metadata_ : dict
        The metadata given (empty when none).
    """

    def __init__(self, arrays: Mapping[str, np.ndarray], metadata: dict[str, Any] | None = None):
        self.classes_ = np.array([str(c) for c in arrays["classes"]], dtype=object)
        self.temperature = float(arrays["temperature"])
        self._coef = np.asarray(arrays["coef"])
        self._intercept = np.asarray(arrays["intercept"])
        self.metadata_ = dict(metadata or {})
        terms = bytes(np.asarray(arrays["terms"], dtype=np.uint8)).decode("utf-8").split("\n")
        sizes = [int(n) for n in arrays["block_sizes"]]
        if sum(sizes) == 0:
            terms = []
        if len(terms) != sum(sizes) or self._coef.shape[1] != len(terms):
            raise ValueError("打分文件的词表与系数对不上")
        self.n_features_ = len(terms)
        self._terms = terms
        self._blocks = []
        offset = 0
        for name, kind, column, weight, (low, high), size in zip(
                arrays["block_names"], arrays["block_kinds"], arrays["block_columns"], arrays["block_weights"],
                arrays["block_ngrams"], sizes):
            kind = str(kind)
            if kind not in _KINDS:
                raise ValueError(f"未知的特征块类型 {kind!r}")
            vocabulary = dict(zip(terms[offset:offset + size], range(offset, offset + size)))
            self._blocks.append((str(name), kind, int(column), float(weight), int(low), int(high), vocabulary))
            offset += size
        self._idf = np.asarray(arrays["idf"], dtype=np.float64)
        block_of = np.repeat(np.arange(len(sizes)), sizes)
        self._block_of = block_of
        self._feature_weight = np.asarray(arrays["block_weights"], dtype=np.float64)[block_of]
        self._feature_tfidf = np.array([self._blocks[b][1] != "binary" for b in range(len(sizes))], dtype=bool)[block_of] \
            if sizes else np.zeros(0, dtype=bool)
        self._n_blocks = len(sizes)
        self._weights_t = None  # coef.T as float64, built on first use
        self._char_tables: dict[int, tuple[np.ndarray, _IntTable]] = {}
        self._gram_tables: dict[tuple[int, int], _IntTable | dict[tuple[str, ...], int]] = {}
        self._relative: np.ndarray | None = None
        self._names = None

    # ---- features ---------------------------------------------------------------------
    def transform(self, rows: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The feature matrix of rows of the seven text columns
        (:func:`classifier.classification.features.key_columns`), as CSR arrays
        ``(indptr, indices, data)``: the same numbers as the pipeline's ``features`` step."""
        n_rows = len(rows)
        row_parts, id_parts = [], []
        columns = list(zip(*rows)) if n_rows else [()] * N_COLUMNS
        for b, (_, kind, column, _, low, high, vocabulary) in enumerate(self._blocks):
            texts = columns[column]
            if kind == "char" and high <= 3:
                row_of, ids = self._char_ids(b, texts, low, high)
            elif kind == "char":
                grams = [_char_grams(t, low, high) if t else [] for t in texts]
                ids = np.fromiter(map(vocabulary.get, chain.from_iterable(grams), repeat(-1)), dtype=np.int64)
                row_of = np.repeat(np.arange(n_rows, dtype=np.int64), np.fromiter(map(len, grams), dtype=np.int64, count=n_rows))
            else:
                row_of, ids = self._token_ids(b, texts, low, high if kind == "word" else 1)
            row_parts.append(row_of)
            id_parts.append(ids)
        row_of = np.concatenate(row_parts) if row_parts else np.zeros(0, np.int64)
        token_ids = np.concatenate(id_parts) if id_parts else np.zeros(0, np.int64)
        n_features = max(self.n_features_, 1)
        known = token_ids >= 0
        # one sorted (row, feature) pair per feature of a row, with its count; a stable sort
        # (timsort) is three times quicker than np.unique's on these runs of rows
        keys = np.sort(row_of[known] * n_features + token_ids[known], kind="stable")
        if len(keys):
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            counts = np.diff(np.append(starts, len(keys)))
            keys = keys[starts]
        else:
            counts = np.zeros(0, dtype=np.int64)
        rows_of_key = keys // n_features
        indices = keys - rows_of_key * n_features
        tfidf = self._feature_tfidf[indices]
        # TF-IDF features: (log count + 1) · idf, divided by the l2 norm of the row's block; binary
        # ones: 1. A (row, block) holds features of one kind, so the sums of squares of the binary
        # blocks are never read, and dividing by 1.0 leaves a value as it is.
        data = np.where(tfidf, (np.log(counts.astype(np.float64)) + 1.0) * self._idf[indices], 1.0)
        group = rows_of_key * max(self._n_blocks, 1) + self._block_of[indices]
        squares = np.bincount(group, weights=data * data, minlength=n_rows * max(self._n_blocks, 1))
        data /= np.where(tfidf, np.sqrt(squares[group]), 1.0)
        data *= self._feature_weight[indices]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows_of_key, minlength=n_rows), out=indptr[1:])
        return indptr, indices, data

    def _token_ids(self, block: int, texts: list[str], low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
        """``(row, feature index)`` of every word n-gram (``low`` ≤ n ≤ ``high``) of ``texts``
        (white-space separated tokens), -1 for those out of the block's vocabulary: the tokens of
        all texts in one list, looked up once; no n-gram string is built. When every word of the
        vocabulary's n-grams is a feature of its own (as with sklearn's document frequency
        cut-offs), an n-gram is the integer of its words' feature indices, looked up in a hash
        table; otherwise an n-tuple of consecutive tokens, looked up in a table of the
        vocabulary's n-grams as tuples. n-grams that would span two texts are left out."""
        vocabulary = self._blocks[block][6]
        splits = list(map(str.split, texts))
        lengths = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
        tokens = list(chain.from_iterable(splits))
        n_tokens = len(tokens)
        row_at = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        single = np.fromiter(map(vocabulary.get, tokens, repeat(-1)), dtype=np.int64, count=n_tokens)
        rows_out, ids_out = [], []
        for n in range(low, high + 1):
            if n_tokens < n:
                break
            if n == 1:
                rows_out.append(row_at)
                ids_out.append(single)
                continue
            table = self._gram_tables.get((block, n))
            if table is None:
                table = self._gram_tables[(block, n)] = self._gram_table(vocabulary, n)
            m = n_tokens - n + 1
            # an n-gram starting at a token is whole when the token's text has n - 1 tokens after it
            whole = np.arange(m) + n <= np.cumsum(lengths)[row_at[:m]]
            if isinstance(table, dict):
                grams = zip(*(islice(tokens, k, None) for k in range(n)))
                ids = np.fromiter(map(table.get, grams, repeat(-1)), dtype=np.int64, count=m)
            else:
                base = self.n_features_ + 1
                key = single[:m] + 1
                known = key > 0
                for k in range(1, n):
                    key = key * base + (single[k:k + m] + 1)
                    known &= single[k:k + m] >= 0
                ids = np.full(m, -1, dtype=np.int64)
                ids[known] = table.get(key[known])
            rows_out.append(row_at[:m][whole])
            ids_out.append(ids[whole])
        if not rows_out:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows_out), np.concatenate(ids_out)

    def _gram_table(self, vocabulary: dict[str, int], n: int) -> "_IntTable | dict[tuple[str, ...], int]":
        """The vocabulary's n-grams (n ≥ 2) for :meth:`_token_ids`: keyed by the integer of their
        words' feature indices when every word is a feature and the integer fits, else by tuple."""
        grams = {tuple(term.split(" ")): index for term, index in vocabulary.items() if term.count(" ") == n - 1}
        base = self.n_features_ + 1
        if base ** n < 2 ** 62 and all(word in vocabulary for gram in grams for word in gram):
            keys = []
            for gram in grams:
                key = 0
                for word in gram:
                    key = key * base + vocabulary[word] + 1
                keys.append(key)
            return _IntTable(np.array(keys, dtype=np.int64), np.fromiter(grams.values(), dtype=np.int64, count=len(grams)))
        return grams

    def _char_ids(self, block: int, texts: list[str], low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
        """``(row, feature index)`` of every character n-gram (n ≤ 3) of ``texts`` found in the
        block's vocabulary, looked up all at once: an n-gram is the integer of its code points
        (21 bits each, plus one so that lengths differ), looked up in a hash table of the
        vocabulary's.
        The texts are joined with NUL, which no vocabulary term holds, so the n-grams that span
        two texts are never found."""
        table = self._char_tables.get(block)
        if table is None:
            _, _, _, _, _, _, vocabulary = self._blocks[block]
            keys = np.array([_char_key(t) for t in vocabulary], dtype=np.int64)
            ids = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))
            single = (keys > 0) & (keys < 1 << 21)  # one character: its code point + 1
            # single characters in a plain array indexed by code point + 1 (-1: not a feature;
            # its last entry is -1 too, for the code points above the vocabulary's)
            lut = np.full(int(keys[single].max(initial=0)) + 2, -1, dtype=np.int64)
            lut[keys[single]] = ids[single]
            table = self._char_tables[block] = (lut, _IntTable(keys[keys >= 0], ids[keys >= 0]))
        joined = "\0".join(texts)  # NUL is not white space: a run of white space lies in one text
        if _WHITE_RUN.search(joined):
            texts = [_WHITE_RUN.sub(" ", t) for t in texts]
            joined = "\0".join(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        if not lengths.sum():
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
        row_at = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[:len(points)]
        lut = table[0]
        rows_out, ids_out = [], []
        for n in range(low, high + 1):
            if len(points) < n:
                break
            key = points[:len(points) - n + 1].copy()
            for k in range(1, n):
                key <<= 21
                key |= points[k:len(points) - n + 1 + k]
            found = lut[np.minimum(key, len(lut) - 1)] if n == 1 else table[1].get(key)
            hit = found >= 0
            rows_out.append(row_at[:len(key)][hit])
            ids_out.append(found[hit])
        return np.concatenate(rows_out), np.concatenate(ids_out)

    # ---- probabilities ------------------------------------------------------------------
    def decision(self, X: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        """Logits ``X @ coef.T + intercept``, shape ``(n, n_classes)`` (one column for two classes)."""
        indptr, indices, data = X
        if self._weights_t is None:
            self._weights_t = np.ascontiguousarray(self._coef.T, dtype=np.float64)
        weights_t = self._weights_t
        n_rows = len(indptr) - 1
        out = np.zeros((n_rows, weights_t.shape[1]))
        for r0 in range(0, n_rows, _ROWS_PER_CHUNK):
            r1 = min(r0 + _ROWS_PER_CHUNK, n_rows)
            lo, hi = indptr[r0], indptr[r1]
            if hi == lo:
                continue
            products = np.take(weights_t, indices[lo:hi], axis=0)  # quicker than weights_t[indices[lo:hi]]
            products *= data[lo:hi, None]
            starts = indptr[r0:r1]
            filled = starts < indptr[r0 + 1:r1 + 1]
            out[r0:r1][filled] = np.add.reduceat(products, starts[filled] - lo, axis=0)
        return out + self._intercept

    def proba(self, X: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        """Class probabilities for rows of :meth:`transform`, shape ``(n, n_classes)``; rows sum to 1
        (what ``IndicatorClassifier.predict_proba`` gives)."""
        logits = self.decision(X)
        if logits.shape[0] == 0:
            return np.zeros((0, len(self.classes_)))
        if logits.shape[1] == 1:  # two classes: one logit for classes_[1]
            z = logits[:, 0]
            if self.temperature == 1.0:  # the regression's own sigmoid
                p = 1.0 / (1.0 + np.exp(-z))
                return np.column_stack([1 - p, p])
            logits = np.column_stack([np.zeros_like(z), z])
        scaled = logits / self.temperature if self.temperature != 1.0 else logits
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        np.exp(scaled, out=scaled)
        scaled /= scaled.sum(axis=1, keepdims=True)
        return scaled

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`proba` of :meth:`transform` of ``rows``."""
        return self.proba(self.transform(rows))

    # ---- explanations -------------------------------------------------------------------
    def feature_names(self) -> list[str]:
        """Every feature's token as :attr:`Classification.top_tokens` shows it (built on first use)."""
        if self._names is None:
            names: list[str] = []
            offset = 0
            for name, *_, vocabulary in self._blocks:
                label = _FIELD_LABEL.get(name, name + ":")
                names += [label + t for t in self._terms[offset:offset + len(vocabulary)]]
                offset += len(vocabulary)
            self._names = names
        return self._names

    def explain(self, X: tuple[np.ndarray, np.ndarray, np.ndarray], categories: Sequence[str], *,
                top: int = TOP_TOKENS) -> list[list[tuple[str, float]]]:
        """Per row, up to ``top`` ``(token, weight)`` pairs that pushed hardest toward its
        category (what ``IndicatorClassifier.explain`` gives; see :func:`top_contributions`)."""
        if self._relative is None:
            self._relative = relative_coefficients(self._coef)
        index = {c: k for k, c in enumerate(self.classes_)}
        wanted = np.array([index.get(c, -1) for c in categories], dtype=np.int64)
        indptr, indices, data = X
        return top_contributions(indptr, indices, data, self._relative, wanted, self.feature_names(), top=top)


def relative_coefficients(coef: np.ndarray) -> np.ndarray:
    """Each class's coefficients minus their mean over the classes, shape ``(n_classes, n_features)``
    (a binary model's single row becomes two, ``-coef`` and ``coef``)."""
    if coef.shape[0] == 1:  # binary problem: one row for classes_[1]
        coef = np.vstack([-coef[0], coef[0]])
    return coef - coef.mean(axis=0, keepdims=True)


def top_contributions(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, relative: np.ndarray,
                      wanted: np.ndarray, names: Sequence[str], *, top: int = TOP_TOKENS) -> list[list[tuple[str, float]]]:
    """Per row of a CSR matrix, up to ``top`` ``(feature name, contribution)`` pairs toward the
    row's class ``wanted[i]`` (-1: none): a feature's value times ``relative[class, feature]``
    (:func:`relative_coefficients`), positive ones only, strongest first; equal contributions
    in the order of the row's features. Contributions are rounded to 4 decimals. All rows at
    once: one sort of the positive contributions, no loop over the rows' features."""
    n_rows = len(wanted)
    out: list[list[tuple[str, float]]] = [[] for _ in range(n_rows)]
    lengths = np.diff(indptr)
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
    row_class = np.asarray(wanted, dtype=np.int64)[row_of]
    contrib = data * relative[np.maximum(row_class, 0), indices]
    picked = np.flatnonzero((contrib > 0) & (row_class >= 0))
    if not len(picked):
        return out
    # ``top`` rounds over all rows at once: each takes every row's strongest remaining
    # contribution (the first of equal ones) and sets it aside
    values = contrib[picked]  # in row order, each row's features in their order
    rows = row_of[picked]
    first = np.ones(len(picked), dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(picked)))
    segment_rows = rows[starts].tolist()
    positions = np.arange(len(picked))
    beyond = len(picked)
    taken_segments, taken_features, taken_values = [], [], []
    for _ in range(top):
        best = np.maximum.reduceat(values, starts)
        live = best > 0
        if not live.any():
            break
        at = np.minimum.reduceat(np.where(values == np.repeat(best, sizes), positions, beyond), starts)
        taken = at[live]
        taken_segments.append(np.flatnonzero(live))
        taken_features.append(indices[picked[taken]])
        taken_values.append(values[taken])
        values[taken] = -np.inf
    if not taken_segments:
        return out
    # the tokens of all rows in row order (each row's strongest first), one tuple per distinct
    # (feature, rounded weight): they repeat across rows
    order = np.argsort(np.concatenate(taken_segments), kind="stable")
    segments = np.concatenate(taken_segments)[order]
    features = np.concatenate(taken_features)[order].astype(np.int64)  # scipy's indices may be int32
    weights = np.round(np.concatenate(taken_values)[order], 4)
    tenths = np.rint(weights * 1e4)  # a rounded weight is k / 10⁴: k tells the weights apart
    if tenths.max() < 2 ** 31:
        _, first, inverse = np.unique(features * 2 ** 31 + tenths.astype(np.int64), return_index=True, return_inverse=True)
        made = [(names[c], w) for c, w in zip(features[first].tolist(), weights[first].tolist())]
        tokens = list(map(made.__getitem__, inverse.reshape(-1).tolist()))
    else:
        known: dict[tuple[int, float], tuple[str, float]] = {}
        tokens = []
        for pair in zip(features.tolist(), weights.tolist()):
            token = known.get(pair)
            if token is None:
                token = known[pair] = (names[pair[0]], pair[1])
            tokens.append(token)
    bounds = np.searchsorted(segments, np.arange(len(segment_rows) + 1)).tolist()
    for k, row in enumerate(segment_rows):
        out[row] = tokens[bounds[k]:bounds[k + 1]]
    return out


def scorer_of(model: Any) -> Scorer:
    """The :class:`Scorer` of a fitted ``IndicatorClassifier`` (exported once per fit and kept
    while the model lives), or ``model`` itself when it is a Scorer."""
    if isinstance(model, Scorer):
        return model
    pipeline = getattr(model, "pipeline_", None)
    if pipeline is None:
        raise ValueError(f"{type(model).__name__} 不是训练好的 IndicatorClassifier")
    cached = _exported.get(model)
    if cached is not None and cached[0] is pipeline:
        return cached[1]
    scorer = Scorer(export_arrays(model), getattr(model, "metadata_", None))
    _exported[model] = (pipeline, scorer)
    return scorer


_exported: "weakref.WeakKeyDictionary[Any, tuple[Any, Scorer]]" = weakref.WeakKeyDictionary()
