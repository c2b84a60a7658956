"""What the kiosk reports about its computer, and the OS commands staff may trigger."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)
_STARTED = time.monotonic()


def uptime_seconds() -> int:
    try:
        if sys.platform == "win32":
            return int(ctypes.windll.kernel32.GetTickCount64() // 1000)
        return int(float(Path("/proc/uptime").read_text().split()[0]))
    except (OSError, AttributeError, ValueError):
        return int(time.monotonic() - _STARTED)


def free_memory_mb() -> int | None:
    try:
        if sys.platform == "win32":

            class MemoryStatus(ctypes.Structure):
                _fields_ = [
                    ("length", ctypes.c_ulong),
                    ("load", ctypes.c_ulong),
                    ("total_phys", ctypes.c_ulonglong),
                    ("avail_phys", ctypes.c_ulonglong),
                    ("total_page", ctypes.c_ulonglong),
                    ("avail_page", ctypes.c_ulonglong),
                    ("total_virtual", ctypes.c_ulonglong),
                    ("avail_virtual", ctypes.c_ulonglong),
                    ("avail_extended", ctypes.c_ulonglong),
                ]

            status = MemoryStatus()
            status.length = ctypes.sizeof(MemoryStatus)
            ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))
            return int(status.avail_phys // 2**20)
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, AttributeError, ValueError):
        pass
    return None


def total_memory_mb() -> int | None:
    try:
        if sys.platform != "win32":
            return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        pass
    return None


def free_disk_mb(path: Path | str) -> int | None:
    try:
        return int(shutil.disk_usage(path).free // 2**20)
    except OSError:
        return None


def profile(path: Path | str) -> dict:
    """The computer's hardware and software profile, as the heartbeat sends it."""
    values = {
        "cpu": platform.processor() or platform.machine(),
        "os": platform.system(),
        "os_version": platform.release() if sys.platform != "win32" else platform.version(),
    }
    if (memory := total_memory_mb()) is not None:
        values["ram_mb"] = memory
    with contextlib.suppress(OSError):
        values["disk_gb"] = int(shutil.disk_usage(path).total // 2**30)
    return values


def run_command(command: list[str]) -> None:
    """Start a configured OS command (restart, shut down) without waiting for it."""
    if not command:
        return
    log.warning("running %s", command)
    try:
        subprocess.Popen(command)  # noqa: S603 - the command comes from the kiosk's own config
    except OSError:
        log.exception("could not run %s", command)
