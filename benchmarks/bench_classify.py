"""Speed and size of the indicator classifier. Prints figures; asserts nothing.

Run from the checkout root:

    .venv/bin/python benchmarks/bench_classify.py            # everything (a few minutes)
    .venv/bin/python benchmarks/bench_classify.py --quick    # batch figures only, 3 runs

What it measures, on the same machine:

1. **Batches**, in one process, ``RUNS`` times in turn (the machine is shared: every run times
   ``jieba.cut`` and the classifier one after the other, and the ratio is taken within the run;
   the median of the runs is reported, with the range), wall and CPU time:

   - 10,000 **distinct** names: every distinct name the project ships (seed, real-table,
     curated, blind, the taxonomy's typical names) and, to reach 10,000, the same names with a
     qualifier such as 县级 or 年度 in front (fixed seed);
   - beside it 10,000 names **with repeats** (the seed and curated names shuffled and repeated;
     ``classify()`` handles each distinct one once);

   each through plain ``jieba.cut`` (a private ``jieba.Tokenizer`` with jieba's default
   dictionary, loaded before timing) versus ``classify(names)`` (full results: probabilities,
   alternatives, top tokens, reasons), ``classify(names, explain=False)`` (categories and
   probabilities), the same two with the jieba reference tokenizer instead of rjieba (when
   rjieba is installed), and ``IndicatorClassifier.predict_proba`` (the scikit-learn pipeline,
   every row, no de-duplication).
2. **Cold start** of ``zhibiao classify 完工及时率`` (subprocess wall time, median of
   ``COLD_RUNS``) against ``python -c "import sklearn.linear_model"`` timed the same way, and
   where the time goes (interpreter, imports, tokenizer, scorer, first classify); the same
   command with rjieba hidden (the jieba fallback).
3. **Memory**: peak RSS of a fresh process classifying 10,000 and 100,000 distinct names
   (full results kept; the names are written by this process to a file, read by that one), with
   the time it took (linear in the number of names?).
4. Loading: ``joblib.load`` of ``model.joblib`` against a plain unpickle of the same object, and
   ``load_scorer()``.
5. Model and scorer file sizes, and the final fit on all training data.
"""
from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_NAMES = 10_000
SEED = 20240601
RUNS = 7
COLD_RUNS = 5

#: Qualifiers put in front of shipped names to reach 10,000 (or 100,000) distinct names.
QUALIFIERS = ("县级", "市级", "年度", "全年", "本项目", "乡镇", "全区", "辖区内", "重点", "新增")


def _shipped_pool() -> list[str]:
    import csv

    from classifier.classification.training import load_training_data

    data = load_training_data()
    pool = [e.name for e in data.examples] + list(data.unlabeled)
    for path in sorted((ROOT / "corpus").glob("blind_phrasings*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            pool += [row["name"] for row in csv.DictReader(fh)]
    return list(dict.fromkeys(n for n in pool if n))


def distinct_names(n: int = N_NAMES) -> list[str]:
    """``n`` distinct names: the shipped ones, then copies with one qualifier in front, then with
    two (see the module docstring); shuffled with a fixed seed."""
    pool = _shipped_pool()
    rng = random.Random(SEED)
    names = list(pool)
    prefixes = list(QUALIFIERS) + [a + b for a in QUALIFIERS for b in QUALIFIERS if a != b]
    for prefix in prefixes:
        if len(names) >= n:
            break
        batch = [prefix + name for name in pool]
        rng.shuffle(batch)
        names = list(dict.fromkeys(names + batch))
    rng.shuffle(names)
    return names[:n]


def repeated_names(n: int = N_NAMES) -> list[str]:
    """``n`` names with repeats: the seed and curated names shuffled and repeated."""
    from classifier.classification.training import load_training_data

    pool = [e.name for e in load_training_data().examples if e.source in ("corpus", "curated")]
    rng = random.Random(SEED)
    names: list[str] = []
    while len(names) < n:
        batch = pool[:]
        rng.shuffle(batch)
        names.extend(batch)
    return names[:n]


def _timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def batch_figures(label: str, names: list[str], runs: int = RUNS) -> dict[str, str]:
    """Wall and CPU time of each way over ``names``, and its ratio to jieba.cut within each run."""
    import logging

    import jieba

    from classifier.classification.api import classify
    from classifier.classification.persistence import load_model, load_scorer
    from classifier.core.paths import cache_dir
    from classifier.vocabulary import segmentation

    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.tmp_dir = str(cache_dir())
    plain.initialize()
    model = load_model()  # the scikit-learn pipeline (for predict_proba only)
    load_scorer().feature_names()
    segmentation._get_tokenizer()
    classify(names[:10])
    fast = segmentation.segmenter() == "rjieba"

    def with_jieba(explain: bool):
        def run():
            segmentation._use_fast = False
            try:
                classify(names, explain=explain)
            finally:
                segmentation._use_fast = True
        return run

    ways = {
        "classify": lambda: classify(names),
        "classify_explain_false": lambda: classify(names, explain=False),
    }
    if fast:
        ways["classify_jieba_only"] = with_jieba(True)
        ways["classify_explain_false_jieba_only"] = with_jieba(False)
    ways["predict_proba_all_rows"] = lambda: model.predict_proba(names)
    times: dict[str, list[tuple[float, float]]] = {"jieba_cut": [], **{k: [] for k in ways}}
    for _ in range(runs):
        times["jieba_cut"].append(_timed(lambda: [list(plain.cut(n)) for n in names]))
        for key, fn in ways.items():
            times[key].append(_timed(fn))
    out = {f"{label}: names / distinct": f"{len(names)} / {len(set(names))}",
           f"{label}: segmenter": segmentation.segmenter()}
    for key, pairs in times.items():
        out[f"{label}: {key} wall s"] = _summary([w for w, _ in pairs])
        out[f"{label}: {key} CPU s"] = _summary([c for _, c in pairs])
        if key != "jieba_cut":
            out[f"{label}: {key} / jieba_cut (wall, CPU)"] = (
                f"{statistics.median(w / j[0] for (w, _), j in zip(pairs, times['jieba_cut'])):.2f}× / "
                f"{statistics.median(c / j[1] for (_, c), j in zip(pairs, times['jieba_cut'])):.2f}×")
    return out


_BREAKDOWN = r"""
import json, time
t0 = time.perf_counter()
import classifier.cli.app, classifier.classification.api
t1 = time.perf_counter()
from classifier.vocabulary.segmentation import segment
segment("预热")
t2 = time.perf_counter()
from classifier.classification.persistence import load_scorer
from classifier.classification.api import classify
scorer = load_scorer()
t3 = time.perf_counter()
classify(["完工及时率"])
t4 = time.perf_counter()
import sys
hwm = [int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(json.dumps({"imports_s": t1 - t0, "tokenizer_s": t2 - t1, "scorer_load_s": t3 - t2, "first_classify_s": t4 - t3,
                  "peak_rss_mb": hwm[0] if hwm else 0.0, "sklearn_imported": "sklearn" in sys.modules}))
"""

_WITHOUT_RJIEBA = ("import sys; sys.modules['rjieba'] = None; sys.argv = ['zhibiao', 'classify', '完工及时率']; "
                   "from classifier.cli import main; main()")


def _median_wall(command: list[str], runs: int = COLD_RUNS) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def cold_start_figures() -> dict[str, object]:
    exe = str(Path(sys.executable).parent / "zhibiao")
    cli = [exe] if Path(exe).exists() else [sys.executable, "-m", "classifier"]
    out: dict[str, object] = {}
    command = _median_wall([*cli, "classify", "完工及时率"])
    sklearn = _median_wall([sys.executable, "-c", "import sklearn.linear_model"])
    jieba_only = _median_wall([sys.executable, "-c", _WITHOUT_RJIEBA])
    out["cold start: zhibiao classify 完工及时率 wall s"] = round(command, 3)
    out["cold start: python -c 'import sklearn.linear_model' wall s"] = round(sklearn, 3)
    out["cold start: ratio to importing sklearn"] = f"{command / sklearn:.2f}×"
    out["cold start: without rjieba (jieba reference) wall s / ratio"] = f"{jieba_only:.3f} / {jieba_only / sklearn:.2f}×"
    out["cold start: python -c pass wall s"] = round(_median_wall([sys.executable, "-c", "pass"]), 3)
    parts = [json.loads(subprocess.run([sys.executable, "-c", _BREAKDOWN], cwd=ROOT, capture_output=True, text=True,
                                       check=True).stdout) for _ in range(COLD_RUNS)]
    for key in parts[0]:
        if key == "sklearn_imported":
            out["cold start: scikit-learn imported"] = any(p[key] for p in parts)
        else:
            out[f"cold start: {key}"] = round(statistics.median(p[key] for p in parts), 3)
    return out


def _peak_rss_mb() -> float:
    """This process's peak resident set size: VmHWM (Linux; unlike ru_maxrss, not inherited from
    the parent that started the process), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_run(path: str) -> None:
    """In this (fresh) process: classify the names of ``path`` (one a line), keep the results,
    print JSON. The names are made by the parent, so that this process holds only what
    classifying them needs."""
    names = Path(path).read_text(encoding="utf-8").split("\n")
    from classifier.classification.api import classify

    classify(["完工及时率", "0-6岁儿童健康管理率"])  # loads the scorer, rjieba and the jieba reference
    before = _peak_rss_mb()
    wall, cpu = _timed(lambda: globals().__setitem__("_results", classify(names)))
    after = _peak_rss_mb()
    print(json.dumps({"names": len(names), "distinct": len(set(names)), "wall_s": wall, "cpu_s": cpu,
                      "rss_before_mb": before, "peak_rss_mb": after}))


def memory_figures() -> dict[str, object]:
    import tempfile

    out: dict[str, object] = {}
    per_name = {}
    for n in (10_000, 100_000):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "names.txt"
            path.write_text("\n".join(distinct_names(n)), encoding="utf-8")
            got = json.loads(subprocess.run([sys.executable, __file__, "--memory", str(path)], cwd=ROOT,
                                            capture_output=True, text=True, check=True).stdout)
        out[f"memory: {n:,} distinct names: peak RSS MB (before classifying)"] = f"{got['peak_rss_mb']:.0f} ({got['rss_before_mb']:.0f})"
        out[f"memory: {n:,} distinct names: classify wall / CPU s"] = f"{got['wall_s']:.2f} / {got['cpu_s']:.2f}"
        per_name[n] = got["cpu_s"] / n
    out["memory: CPU per name, 100,000 / 10,000"] = f"{per_name[100_000] / per_name[10_000]:.2f}"
    return out


_LOADS = r"""
import json, pickle, time
import joblib, sklearn.linear_model  # imported before timing: the loads alone are compared
from classifier.classification.persistence import read_metadata
model_file, _ = read_metadata()
t0 = time.perf_counter(); model = joblib.load(model_file); t1 = time.perf_counter()
data = pickle.dumps(model, protocol=5)
t2 = time.perf_counter(); pickle.loads(data); t3 = time.perf_counter()
try:
    with open(model_file, "rb") as fh:
        pickle.load(fh)
    plain = "yes"
except Exception as err:
    plain = type(err).__name__
from classifier.classification.persistence import load_scorer
t4 = time.perf_counter(); load_scorer(); t5 = time.perf_counter()
print(json.dumps({"joblib": t1 - t0, "pickle": t3 - t2, "plain": plain, "scorer": t5 - t4}))
"""


def load_figures() -> dict[str, object]:
    """joblib.load of model.joblib against a plain unpickle of the same object, and load_scorer
    (hash check + npz + vocabularies), each in a fresh process."""
    runs = [json.loads(subprocess.run([sys.executable, "-c", _LOADS], cwd=ROOT, capture_output=True, text=True,
                                      check=True).stdout) for _ in range(3)]
    return {
        "load: joblib.load(model.joblib) s": round(statistics.median(r["joblib"] for r in runs), 3),
        "load: pickle.loads of the same object, re-pickled s": round(statistics.median(r["pickle"] for r in runs), 3),
        "load: pickle.load(model.joblib) itself": runs[0]["plain"] + " (a compressed joblib file is not a plain pickle)",
        "load: load_scorer() (sha256 check, npz, vocabularies) s": round(statistics.median(r["scorer"] for r in runs), 3),
    }


def size_and_training_figures() -> dict[str, object]:
    from classifier.classification.persistence import read_metadata
    from classifier.classification.training import fit_model, load_training_data

    model_file, meta = read_metadata()
    data = load_training_data()
    wall, _ = _timed(lambda: fit_model(data.examples))
    return {
        "model.joblib MB": round(model_file.stat().st_size / 1e6, 2),
        "scorer.npz MB": round((model_file.parent / meta.get("scorer_file", "scorer.npz")).stat().st_size / 1e6, 2),
        "training examples": len(data.examples),
        "training fit s (here / in the metadata)": f"{wall:.1f} / {meta.get('training_seconds')}",
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--memory"]:
        memory_run(argv[1])
        return
    quick = "--quick" in argv
    figures: dict[str, object] = {}
    figures.update(batch_figures("10,000 distinct", distinct_names(), runs=3 if quick else RUNS))
    figures.update(batch_figures("10,000 with repeats", repeated_names(), runs=3 if quick else RUNS))
    if not quick:
        figures.update(cold_start_figures())
        figures.update(load_figures())
        figures.update(memory_figures())
        figures.update(size_and_training_figures())
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
