"""The figures `.ci/input-figures` prints: fuzz cases run and server errors seen, malicious uploads tried and
refused. Counted in the process that runs the tests (the script runs them without xdist)."""

from collections import Counter

counts = Counter()


def request_made(status: int) -> None:
    counts["fuzz requests"] += 1
    if status >= 500:
        counts["fuzz 5xx"] += 1


def case_run() -> None:
    counts["fuzz cases"] += 1


def upload_tried(refused: bool) -> None:
    counts["malicious uploads tried"] += 1
    if refused:
        counts["malicious uploads refused"] += 1
