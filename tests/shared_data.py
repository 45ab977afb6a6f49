"""Where the shared real documents are: CI clones the repo with ``shared/`` beside it."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
REAL_PDF = SHARED / "real-pdf"
REAL_TEXT = SHARED / "real-text"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" … "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))
