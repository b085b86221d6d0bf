"""Runs one command and writes, as JSON to the file named first, what the OS accounted to it: CPU time (user and
system, all its threads), wall time and peak resident memory. Standard library only.

Usage: python3 bench/rusage.py RESULT_FILE COMMAND [ARG...]

The figures are the command's own, from wait4(2) on its process id. getrusage(RUSAGE_CHILDREN) would not do: it
also holds whatever ran before this interpreter in the same process (a version manager's `python3` shim is a shell
script that runs commands, then execs Python, and the children's totals survive exec). wait4 gives microsecond
resolution (GNU time prints hundredths of a second, too coarse for a 40 ms `node -e 0`); ru_maxrss is in
kilobytes on Linux (getrusage(2)); it counts the forked interpreter before exec too, so it never reads below
Python's own (about 15 MB; node starts at 40 MB).
"""

import json
import os
import subprocess
import sys
import time


def main(argv):
    result_file, command = argv[0], argv[1:]
    started = time.perf_counter()
    # close_fds=False: closing every descriptor up to the limit would be counted to the command.
    child = subprocess.Popen(command, close_fds=False)
    _, wait_status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(
            {
                "status": os.waitstatus_to_exitcode(wait_status),
                "userMs": usage.ru_utime * 1000,
                "systemMs": usage.ru_stime * 1000,
                "wallMs": wall * 1000,
                "maxRssKb": usage.ru_maxrss,
            },
            out,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
