"""Precision and recall of goalgraph's wording rules on tests/data/wording/corpus.csv.

    python benchmarks/wording.py [--corpus PATH] [--misses]

A Warning is a positive: precision is the share of Warnings the corpus expects, recall the
share of expected Warnings given.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from goalgraph.wording.corpus import measure, read_corpus

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "wording" / "corpus.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list every wrong verdict")
    args = parser.parse_args()
    examples = read_corpus(args.corpus)
    started = time.perf_counter()
    scores = measure(examples)
    seconds = time.perf_counter() - started
    print(f"corpus: {args.corpus} ({len(examples)} sentences), {seconds:.1f} s with the lexicon")
    print("| rule | sentences | expected Warnings | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in ("goal", "strategy", "assignment", "all"):
        s = scores[kind]
        wanted = s.true_positives + s.false_negatives
        print(
            f"| {kind} | {s.examples} | {wanted} | {s.true_positives} | {s.false_positives} |"
            f" {s.false_negatives} | {s.precision:.3f} | {s.recall:.3f} |"
        )
    if args.misses:
        for example, why in scores["all"].misses:
            print(f"- [{example.kind} {example.lang} {example.expected}] {example.text!r}: {why}")


if __name__ == "__main__":
    main()
