"""The scan differential property test (issue 23): every text PDF of the tests
(tests/scan_sources.py: the three real reports, the ruled fixtures, the borderless and
wrapped-label renderings), scanned under seeded draws of conditions (tests/degrade.py:
scanner, copier G4/JBIG2, fax, phone photo; 100–300 dpi; JPEG 30–95; dust; skew; a seal),
must read what its text layer reads:

- **no false error, ever**: an error on the scan that the text layer does not have;
- **no confidently wrong cell**: a cell read ``ok`` as another number than printed (doubt —
  ``uncertain``, X-OCR — is allowed; a confident wrong number is not);
- the share of cells read exactly is at least ``FLOOR``; the goal is ``GOAL`` (99.5 %).

Seeds: the **held-out range 100000–100199** (tests/degrade.py HELD_OUT_SEEDS) is never run
while developing — develop and measure on 0–199 with benchmarks/scan_differential.py. This
test reads the first ``CI_DRAWS`` held-out draws in .ci/run's heavy step (NIANBAO_HEAVY=1;
marked ``heavy``), two processes at a time (``NIANBAO_SCAN_SEEDS=A:B`` runs it on dev seeds instead); the README's suite reads ``SUITE_SEEDS``, three
cheap dev draws (one table page each) of a ruled, a borderless and a real source.

The held-out figures are ratchets, set from the one held-out run of the merged reader at the
end of each round (README "扫描件的差分测试"): the exact share may not fall below ``FLOOR``, and
false errors and confidently wrong cells may not rise above ``MAX_FALSE_ERRORS`` and
``MAX_WRONG_CELLS``. The goal for both is 0 and issue 23 stays open until they are: a
ratchet keeps what was won without calling the rest done. A scan called unreadable is
never allowed (a crash of ours on one page must not make a report "damaged").
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from tests.degrade import DEV_SEEDS, HELD_OUT_SEEDS
from tests.scan_compare import draw_job, replay_hint, run_draw, summarise

pytestmark = pytest.mark.slow

GOAL = 0.995
# Held-out, merged reader of round 5 (2026-12-08, the same 24 draws, 4222 cells): 81.4 % exact
# (round 4: 72.9 %, round 3: 49.6 %), 2 false errors in 2 draws (4 in 1; 6 in 3), 17
# confidently wrong cells (179; 123), 464 missing (765; 1741). The two false errors are digits
# read firmly wrong on a table otherwise read cleanly: "33" read "3" at 100 dpi (表四's total)
# and "3004" read "3001" on a 300-dpi bilevel copy (README "扫描件的差分测试"). The ceilings
# leave a little room for the OCR's time budgets on a busier machine; from here they only
# ever go down (round 4 raised the wrong-cell ceiling once, and said so).
FLOOR = 0.80
MAX_FALSE_ERRORS = 2
MAX_WRONG_CELLS = 25
# 24 draws = each of the 12 sources twice, ~4300 cells: the same test on dev seeds 0–23 took
# 352 s on this 2-core machine (load 2–5, two processes), 5.7 s a scanned page.
CI_DRAWS = 24
SUITE_SEEDS = [87, 104, 132]  # report_2019, gen-borderless, hongze-2023: one table page each


def _failures(records: list[dict]) -> list[str]:
    out = []
    for r in records:
        for f in r["false_errors"]:
            out.append(f"seed {r['seed']} {r['source']}: FALSE ERROR {f['rule']} {f['message'][:100]} — {replay_hint(r)}")
        for o in r["off"]:
            if o["bucket"] == "wrong":
                out.append(f"seed {r['seed']} {r['source']}: {o['cell']} printed {o['printed']}, read {o['read']} "
                           f"with confidence — {replay_hint(r)}")
        if r["status"] == "unreadable":
            out.append(f"seed {r['seed']} {r['source']}: unreadable — {r['error']}")
    return out


@pytest.mark.timeout(600)
@pytest.mark.parametrize("seed", SUITE_SEEDS)
def test_a_scan_reads_no_false_error_and_no_confident_wrong_cell(seed: int, tmp_path: Path) -> None:
    assert seed in DEV_SEEDS
    record = run_draw(seed, tmp_path)
    assert sum(record["counts"].values()) > 0, record["what"]
    assert not _failures([record]), (record["what"], _failures([record]))


@pytest.mark.heavy
@pytest.mark.timeout(1800)
def test_held_out_scans_read_like_their_text_layers(tmp_path: Path) -> None:
    seeds = list(HELD_OUT_SEEDS)[:CI_DRAWS]
    if os.environ.get("NIANBAO_SCAN_SEEDS"):  # "A:B": this same test on dev seeds, e.g. to time it
        a, _, b = os.environ["NIANBAO_SCAN_SEEDS"].partition(":")
        seeds = list(range(int(a), int(b)))
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        records = pool.map(draw_job, [(s, str(tmp_path)) for s in seeds], chunksize=1)
    print(summarise(records, GOAL))
    cells = sum(sum(r["counts"].values()) for r in records)
    exact = sum(r["counts"]["exact"] for r in records) / cells
    which = "dev" if os.environ.get("NIANBAO_SCAN_SEEDS") else "held-out"
    print(f"{which} exact share {exact:.2%} (floor {FLOOR:.2%}, goal {GOAL:.1%}) over {cells} cells in {len(records)} draws")
    if os.environ.get("NIANBAO_SCAN_SEEDS"):
        assert not _failures(records), "\n".join(_failures(records))
        return
    false_errors = sum(len(r["false_errors"]) for r in records)
    wrong = sum(1 for r in records for o in r["off"] if o["bucket"] == "wrong")
    unreadable = [f for f in _failures(records) if ": unreadable" in f]
    print(f"held-out: {false_errors} false errors (at most {MAX_FALSE_ERRORS}; goal 0), "
          f"{wrong} confidently wrong cells (at most {MAX_WRONG_CELLS}; goal 0)")
    assert not unreadable, "\n".join(unreadable)
    assert false_errors <= MAX_FALSE_ERRORS and wrong <= MAX_WRONG_CELLS, "\n".join(_failures(records))
    assert exact >= FLOOR, f"exact share {exact:.2%} fell below the floor {FLOOR:.2%} (goal {GOAL:.1%})"
