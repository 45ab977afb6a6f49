"""Progress that names the work: which files are being read and, for a scan, which page —
"已检查 6 / 20" alone looked frozen for the minutes a scan takes. Shared by the window's
batch view and the command line's stderr."""

from __future__ import annotations

from collections.abc import Sequence


def activity_text(busy: Sequence[tuple[str, int, int]]) -> str:
    """"正在读取 甲.pdf（识别第 3 / 6 页）、乙.docx" for (name, pages done, pages in all)."""
    parts = []
    for name, done, total in busy:
        if total:
            page = min(done + 1, total)
            parts.append(f"{name}（扫描件，正在识别第 {page} / {total} 页）" if done < total
                         else f"{name}（{total} 页已识别，正在核对）")
        else:
            parts.append(name)
    return "正在读取 " + "、".join(parts)
