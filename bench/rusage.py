"""Runs one command and writes, as JSON to the file named first, what the OS accounted to it: CPU time (user and
system, all its threads), wall time and peak resident memory. Standard library only.

Usage: python3 bench/rusage.py RESULT_FILE COMMAND [ARG...]

getrusage(RUSAGE_CHILDREN) sums the children this process has waited for: here exactly one, the command. Its
times come with microsecond resolution (GNU time prints hundredths of a second, too coarse for a 40 ms
`node -e 0`); ru_maxrss is in kilobytes on Linux (getrusage(2)).
"""

import json
import resource
import subprocess
import sys
import time


def main(argv):
    result_file, command = argv[0], argv[1:]
    started = time.perf_counter()
    status = subprocess.call(command)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(
            {
                "status": status,
                "userMs": usage.ru_utime * 1000,
                "systemMs": usage.ru_stime * 1000,
                "wallMs": wall * 1000,
                "maxRssKb": usage.ru_maxrss,
            },
            out,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
