"""Where the real documents are: copied into ``tests/data/`` so a fresh clone runs every test
(tests/data/README.md says where each came from)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / "tests" / "data"
SEEDS = SHARED / "seeds"
REAL_PDF = SHARED / "real-pdf"
REAL_TEXT = SHARED / "real-text"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" … "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))
