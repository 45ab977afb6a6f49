"""Excel 97–2003 (.xls) and WPS 表格 (.et) binary workbooks (BIFF in an OLE compound file).

Read with xlrd (BSD, pure Python): cell values, the results stored for formulas, and the
merged ranges (``formatting_info``). The sheets then go through the same grid reading as an
.xlsx (``core.readers.xlsx.grid_blocks``), so extraction sees the same document whatever
format the workbook was saved in. python-calamine was measured too and set aside: a
damaged file made it panic inside Rust (a BaseException with a backtrace on stderr), and a
native reader that aborts takes the window with it.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Block, Document, RawTable, ReadError
from core import limits
from core.limits import content_message
from core.readers.xlsx import grid_blocks, value_text

_DAMAGED = ("这个旧版 Excel 或 WPS 表格（.xls/.et）文件已损坏或不是标准格式，无法读取；"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再检查。")


def read_biff(path: Path, data: bytes) -> Document:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=_Quiet())
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ReadError("这个 Excel 表格设置了打开密码，无法读取；请用 Excel 或 WPS 输入密码打开，取消密码后另存一份再检查。") from exc
        raise ReadError(_DAMAGED) from exc
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 — xlrd meets a damaged file with whatever exception it hits
        raise ReadError(_DAMAGED) from exc
    try:
        blocks: list[Block] = []
        tables = 0
        items = 0
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 — as above
                raise ReadError(_DAMAGED) from exc
            texts: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                for c, cell in enumerate(sheet.row(r)):
                    text = _text(cell, book.datemode)
                    if text.strip():
                        items += 1
                        if items > limits.MAX_ITEMS:
                            raise ReadError(content_message(f"超过 {limits.MAX_ITEMS // 10_000} 万个有内容的单元格"))
                        texts[(r + 1, c + 1)] = text
            # xlrd's ranges are half-open and 0-based: (rlo, rhi, clo, chi).
            ranges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells if rhi > rlo and chi > clo]
            sheet_blocks = grid_blocks(sheet.name, texts, ranges, tables)
            tables += sum(1 for b in sheet_blocks if isinstance(b, RawTable))
            blocks.extend(sheet_blocks)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    if not blocks:
        raise ReadError("这个 Excel 工作簿的所有工作表都是空的；请确认选对了文件，或把报告内容粘贴进工作表后再检查。")
    return Document(str(path), "xls", blocks)


def _text(cell, datemode: int) -> str:  # type: ignore[no-untyped-def]
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if kind == xlrd.XL_CELL_BOOLEAN:
        return value_text(bool(value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            return value_text(xlrd.xldate_as_datetime(value, datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value_text(value)
    return value_text(value)


class _Quiet:
    """xlrd writes warnings about odd records to a log file; they are not the clerk's business."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
