"""One line describing the machine a benchmark ran on: CPU model, cores, memory, Python."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "? GiB"


def describe() -> str:
    """E.g. "machine: Intel Xeon ..., 2 cores, 24 GiB, Linux, Python 3.11.2"."""
    return (f"machine: {_cpu_model()}, {os.cpu_count()} cores, {_memory_gib()}, "
            f"{platform.system()}, Python {platform.python_version()}")  # fmt: skip
