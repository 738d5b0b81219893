"""Speed and size of the indicator classifier. Prints figures; asserts nothing.

Run from the checkout root:

    .venv/bin/python benchmarks/bench_classify.py

What it measures, in one run on the same machine:

1. 10,000 **distinct** names (every distinct name the project ships — seed, real-table,
   curated and blind — and, to reach 10,000, the same names with a qualifier such as 县级 or
   年度 in front, with a fixed seed), and beside it 10,000 names with repeats (the seed and
   curated names shuffled and repeated), each through plain ``jieba.cut`` (a private
   ``jieba.Tokenizer`` with jieba's default dictionary, already loaded) versus
   a. ``classify(names)`` with the model already loaded (what users call; it classifies
      each distinct (name, description) once per call), and ``classify(names, explain=False)``
      (categories and probabilities only), and
   b. ``model.predict_proba(names)`` on all 10,000 rows (no de-duplication: the cost of
      the pipeline itself: normalize + segment + vectorize + logistic regression);
2. the cold start of ``zhibiao classify 完工及时率`` (subprocess wall time, median of 3)
   and where the time goes (interpreter, imports, jieba dictionary, model load, predict);
3. model file size, training time (final fit on all training data), and peak memory
   (tracemalloc peak during the batch; the process's max RSS).
"""
from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_NAMES = 10_000
SEED = 20240601


#: Qualifiers put in front of shipped names to reach 10,000 distinct names.
QUALIFIERS = ("县级", "市级", "年度", "全年", "本项目", "乡镇", "全区", "辖区内", "重点", "新增")


def _distinct_names() -> list[str]:
    """10,000 distinct names: the shipped ones, then qualified copies (see the docstring)."""
    import csv

    from classifier.classification.training import load_training_data

    data = load_training_data()
    pool = list(dict.fromkeys(e.name for e in data.examples))
    for path in sorted((ROOT / "corpus").glob("blind_phrasings*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            pool += [row["name"] for row in csv.DictReader(fh)]
    pool = list(dict.fromkeys(pool))
    rng = random.Random(SEED)
    names = list(pool)
    for qualifier in QUALIFIERS:
        batch = [qualifier + n for n in pool]
        rng.shuffle(batch)
        names += batch
        names = list(dict.fromkeys(names))
        if len(names) >= N_NAMES:
            break
    rng.shuffle(names)
    return names[:N_NAMES]


def _names() -> list[str]:
    """10,000 names with repeats: seed and curated names shuffled and repeated."""
    from classifier.classification.training import load_training_data

    data = load_training_data()
    pool = [e.name for e in data.examples if e.source in ("corpus", "curated")]
    rng = random.Random(SEED)
    names = []
    while len(names) < N_NAMES:
        batch = pool[:]
        rng.shuffle(batch)
        names.extend(batch)
    return names[:N_NAMES]


def _best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def batch_figures(names: list[str]) -> dict[str, float]:
    import logging

    import jieba

    from classifier.classification.api import classify

    from classifier.classification.persistence import load_model
    from classifier.core.paths import cache_dir
    from classifier.vocabulary.segmentation import segment

    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.tmp_dir = str(cache_dir())
    plain.initialize()
    model = load_model()
    segment("预热")  # load our tokenizer before timing
    classify(names[:10])

    t_jieba = _best_of(lambda: [list(plain.cut(n)) for n in names])
    t_classify = _best_of(lambda: classify(names))
    t_categories = _best_of(lambda: classify(names, explain=False))
    t_proba = _best_of(lambda: model.predict_proba(names))
    tracemalloc.start()
    classify(names)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "names": len(names),
        "distinct_names": len(set(names)),
        "jieba_cut_s": t_jieba,
        "classify_s": t_classify,
        "classify_without_explanations_s": t_categories,
        "predict_proba_all_rows_s": t_proba,
        "classify_vs_jieba": t_classify / t_jieba,
        "classify_without_explanations_vs_jieba": t_categories / t_jieba,
        "predict_proba_vs_jieba": t_proba / t_jieba,
        "tracemalloc_peak_mb": peak / 1e6,
    }


_BREAKDOWN = r"""
import json, time
t0 = time.perf_counter()
import classifier.cli.app, classifier.classification.api
t1 = time.perf_counter()
from classifier.vocabulary.segmentation import _get_tokenizer
_get_tokenizer()
t2 = time.perf_counter()
from classifier.classification.persistence import load_model
from classifier.classification.api import classify
model = load_model()
t3 = time.perf_counter()
classify(["完工及时率"], model=model)
t4 = time.perf_counter()
print(json.dumps({"imports_s": t1 - t0, "jieba_dictionary_s": t2 - t1, "model_load_s": t3 - t2, "first_predict_s": t4 - t3}))
"""


def cold_start_figures() -> dict[str, float]:
    exe = str(Path(sys.executable).parent / "zhibiao")
    cli = [exe] if Path(exe).exists() else [sys.executable, "-m", "classifier"]
    walls, bare = [], []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([*cli, "classify", "完工及时率"], cwd=ROOT, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
        bare.append(time.perf_counter() - start)
    parts = [json.loads(subprocess.run([sys.executable, "-c", _BREAKDOWN], cwd=ROOT, capture_output=True, text=True, check=True).stdout) for _ in range(3)]
    out = {"cold_start_wall_s": statistics.median(walls), "python_startup_s": statistics.median(bare)}
    for key in parts[0]:
        out[key] = statistics.median(p[key] for p in parts)
    return out


def size_and_training_figures() -> dict[str, float]:
    from classifier.classification.persistence import read_metadata
    from classifier.classification.training import fit_model, load_training_data

    model_file, meta = read_metadata()
    data = load_training_data()
    start = time.perf_counter()
    fit_model(data.examples)
    return {
        "model_file_mb": model_file.stat().st_size / 1e6,
        "training_examples": len(data.examples),
        "training_fit_s": time.perf_counter() - start,
        "training_s_in_metadata": meta.get("training_seconds"),
    }


def main() -> None:
    figures = {}
    figures.update(batch_figures(_distinct_names()))
    figures.update({f"repeated_{k}": v for k, v in batch_figures(_names()).items()})
    figures.update(size_and_training_figures())
    figures.update(cold_start_figures())
    figures["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:.3f}" if isinstance(value, float) else f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
