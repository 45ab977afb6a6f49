"""Windows-side helpers of packaging/installed_checks.py (Windows or Wine): processes with
their output on pipes, HKCU registry reads, and driving the installed window from outside —
find its top-level windows, type keys, close it, take screenshots. Stdlib and user32 through
ctypes only, so any Windows CPython 3.11 runs it; PySide6 is used for screenshots when the
checking Python has it and no external screenshot helper is named."""

from __future__ import annotations

import ctypes
import os
import subprocess
import threading
import time
import winreg
from ctypes import wintypes
from pathlib import Path

user32 = ctypes.WinDLL("user32", use_last_error=True)
_ENUM = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.HWND, wintypes.LPARAM)
user32.EnumWindows.argtypes = [_ENUM, wintypes.LPARAM]
user32.GetWindowTextW.argtypes = [wintypes.HWND, wintypes.LPWSTR, ctypes.c_int]
user32.GetWindowThreadProcessId.argtypes = [wintypes.HWND, ctypes.POINTER(wintypes.DWORD)]
user32.IsWindowVisible.argtypes = [wintypes.HWND]
user32.SetForegroundWindow.argtypes = [wintypes.HWND]
user32.PostMessageW.argtypes = [wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM]
user32.keybd_event.argtypes = [wintypes.BYTE, wintypes.BYTE, wintypes.DWORD, ctypes.c_size_t]
user32.MapVirtualKeyW.argtypes = [wintypes.UINT, wintypes.UINT]

WM_CLOSE = 0x0010
KEYEVENTF_EXTENDEDKEY = 0x0001
KEYEVENTF_KEYUP = 0x0002
VK = {"alt": 0x12, "enter": 0x0D, "end": 0x23, "up": 0x26, "down": 0x28, "escape": 0x1B}
# The cursor block is "extended" (a real keyboard sends E0-prefixed scan codes): without the
# flag the key reads as its numeric-keypad twin.
EXTENDED = {0x23, 0x26, 0x28}


def windows_of(pid: int) -> list[tuple[int, str]]:
    """Visible top-level windows of process `pid`, with their titles."""
    found: list[tuple[int, str]] = []

    def visit(hwnd: int, _: int) -> bool:
        owner = wintypes.DWORD()
        user32.GetWindowThreadProcessId(hwnd, ctypes.byref(owner))
        if owner.value == pid and user32.IsWindowVisible(hwnd):
            buf = ctypes.create_unicode_buffer(512)
            user32.GetWindowTextW(hwnd, buf, 512)
            found.append((hwnd, buf.value))
        return True

    user32.EnumWindows(_ENUM(visit), 0)
    return found


def wait_window(proc: subprocess.Popen, title_part: str, timeout: float) -> tuple[int, str] | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for hwnd, title in windows_of(proc.pid):
            if title_part in title:
                return hwnd, title
        if proc.poll() is not None:
            return None
        time.sleep(0.5)
    return None


def window_text(hwnd: int) -> str:
    """A window's title and the text of its child controls (a message box's message)."""
    texts = [title_of(hwnd)]

    def visit(child: int, _: int) -> bool:
        texts.append(title_of(child))
        return True

    user32.EnumChildWindows(hwnd, _ENUM(visit), 0)
    return "\n".join(t for t in texts if t)


def title_of(hwnd: int) -> str:
    buf = ctypes.create_unicode_buffer(512)
    user32.GetWindowTextW(hwnd, buf, 512)
    return buf.value


def _key(code: int, up: bool) -> None:
    flags = (KEYEVENTF_KEYUP if up else 0) | (KEYEVENTF_EXTENDEDKEY if code in EXTENDED else 0)
    user32.keybd_event(code, user32.MapVirtualKeyW(code, 0) & 0xFF, flags, 0)


def press(hwnd: int | None, *keys: str, hold: str | None = None) -> None:
    """Keys typed as from a keyboard (real input events: Qt reads the modifier state, so
    posted messages would not do for Alt+…), into `hwnd` made the foreground window first
    (None: into whatever has the keyboard now, e.g. an open menu)."""
    if hwnd is not None:
        user32.SetForegroundWindow(hwnd)
        time.sleep(0.5)
    if hold:
        _key(VK[hold], False)
    for key in keys:
        code = VK.get(key) or ord(key.upper())
        _key(code, False)
        time.sleep(0.05)
        _key(code, True)
        time.sleep(0.4)
        if hold:
            _key(VK[hold], True)
            hold = None
            time.sleep(0.8)


def close(hwnd: int) -> None:
    user32.PostMessageW(hwnd, WM_CLOSE, 0, 0)


class Screenshots:
    """Screenshots of the whole screen into `folder`. external=True: write NAME.want and wait
    for NAME.png from a helper outside (packaging/wine_check.sh takes them from Xvfb);
    otherwise Qt's screen grab in this process."""

    def __init__(self, folder: Path, external: bool) -> None:
        self.folder = folder
        self.external = external
        self.folder.mkdir(parents=True, exist_ok=True)
        self._app = None

    def take(self, name: str) -> Path | None:
        target = self.folder / f"{name}.png"
        target.unlink(missing_ok=True)
        if self.external:
            (self.folder / f"{name}.want").write_text(name, encoding="utf-8")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not target.exists():
                time.sleep(0.3)
            time.sleep(0.5)  # the helper writes the file in one go, but give it a moment
            return target if target.exists() else None
        try:
            from PySide6.QtGui import QGuiApplication
        except ImportError:
            return None
        if self._app is None:
            self._app = QGuiApplication.instance() or QGuiApplication([])
        screen = QGuiApplication.primaryScreen()
        if screen is None or not screen.grabWindow(0).save(str(target)):
            return None
        return target


def key_exists(path: str) -> bool:
    try:
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CURRENT_USER, path))
        return True
    except OSError:
        return False


def default_value(path: str) -> str | None:
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            return str(winreg.QueryValueEx(key, "")[0])
    except OSError:
        return None


def registry_values(path: str) -> list[object]:
    """Every value under HKCU\\path, recursively."""
    values: list[object] = []
    try:
        key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, path)
    except OSError:
        return values
    with key:
        sub_count, value_count, _ = winreg.QueryInfoKey(key)
        for i in range(value_count):
            values.append(winreg.EnumValue(key, i)[1])
        for i in range(sub_count):
            values += registry_values(path + "\\" + winreg.EnumKey(key, i))
    return values


def delete_tree(path: str) -> None:
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            subs = [winreg.EnumKey(key, i) for i in range(winreg.QueryInfoKey(key)[0])]
        for sub in subs:
            delete_tree(path + "\\" + sub)
        winreg.DeleteKey(winreg.HKEY_CURRENT_USER, path)
    except OSError:
        pass


def long_name(path: Path) -> str:
    """The \\\\?\\ form, so this script can create and remove folders beyond MAX_PATH."""
    return "\\\\?\\" + str(path)


def run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> tuple[int, bytes, bytes, float]:
    """Run to its exit, output on pipes. Waits for the process, not for the pipes to close: a
    program may leave a child holding them (Wine starts explorer.exe from the first installer)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    proc.stdin.close()
    out, err = bytearray(), bytearray()
    readers = [threading.Thread(target=_drain, args=(s, buf), daemon=True) for s, buf in ((proc.stdout, out), (proc.stderr, err))]
    for reader in readers:
        reader.start()
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait(30)
    seconds = time.perf_counter() - started
    for reader in readers:
        reader.join(10)
    return code, bytes(out), bytes(err), seconds


def _drain(stream, buf: bytearray) -> None:  # type: ignore[no-untyped-def]
    # os.read returns what is there: the pipe may never close (see run)
    for chunk in iter(lambda: os.read(stream.fileno(), 65536), b""):
        buf += chunk


class Window:
    """The installed nianbao.exe started on a file; its std handles are pipes (drained)."""

    def __init__(self, exe: Path, document: Path) -> None:
        self.proc = subprocess.Popen([str(exe), str(document)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.output = bytearray()
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=_drain, args=(stream, self.output), daemon=True).start()

    def wait_title(self, part: str, timeout: float = 90) -> tuple[int, str] | None:
        return wait_window(self.proc, part, timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)


def value_names(path: str) -> list[str]:
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            return [winreg.EnumValue(key, i)[0] for i in range(winreg.QueryInfoKey(key)[1])]
    except OSError:
        return []
