"""Peak memory and time of a whole check on the third red-team round's budget inputs
(issue 26), each in a fresh process (tests/hostile3.py ``peak_check``: the child's VmHWM,
its address space capped at 4 GB); printed, not asserted — tests/test_hostile_round3.py
asserts the 1 GB bound.

    .venv/bin/python benchmarks/bench_round3.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import hostile3  # noqa: E402


def main() -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page = Image.new("1", (6000, 6000), 1)
        buf = io.BytesIO()
        page.save(buf, format="TIFF", save_all=True, append_images=[page] * 199, compression="group4")
        cases = {
            "TIFF, 41 frames of 59 MP": hostile3.huge_frames_tiff(folder / "41.tif"),
            "Word, one 200-frame TIFF": hostile3.docx_with_pictures(folder / "200.docx", [buf.getvalue()]),
            "PDF, one 200-inch page": hostile3.huge_page_pdf(folder / "200in.pdf"),
            "PDF, 40 pages of 70 inches": hostile3.huge_page_pdf(folder / "40x70.pdf", inches=70, pages=40),
        }
        for name, path in cases.items():
            start = time.perf_counter()
            result = hostile3.peak_check(path, timeout=900)
            print(f"{name:28} {path.stat().st_size:>9,} B  {time.perf_counter() - start:6.1f} s  "
                  f"{result['peak_mb']:6.0f} MB  {(result['error'] or '；'.join(result['notes']))[:70]}", flush=True)


if __name__ == "__main__":
    main()
