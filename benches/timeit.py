#!/usr/bin/env python3
"""Median wall time, median CPU time (user + system) and peak RSS of a command, run N times.

    benches/timeit.py RUNS COMMAND...    -> "wall_ms cpu_ms rss_mb" (medians; RSS the largest)

On a machine shared with other work the wall time waits for a core; the CPU time does not, so
both are given. Output of the command goes to /dev/null. Used by benches/growth.sh.
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def main():
    runs = int(sys.argv[1])
    cmd = sys.argv[2:]
    walls, cpus, rss = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
        rss = max(rss, usage.ru_maxrss)
    print(f"{statistics.median(walls):.1f} {statistics.median(cpus):.1f} {rss / 1024:.0f}")


if __name__ == "__main__":
    main()
