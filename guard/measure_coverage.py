"""Statement coverage of runtime_guard.py by the guard's unittests, with the standard library's `trace` only.

Usage: python3 guard/measure_coverage.py [THRESHOLD_PERCENT]   (default 90)
Exit 0: the tests pass and coverage reaches the threshold; 1: otherwise.
Statements are the lines that carry bytecode (trace's own finder, which skips docstrings); a statement is
covered when the tests executed it. The guard module is imported under the tracer, so its top level counts.
"""
import os
import sys
import trace
import unittest

GUARD = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(GUARD, "runtime_guard.py")


def run_tests():
    suite = unittest.defaultTestLoader.discover(start_dir=GUARD, pattern="test_*.py", top_level_dir=GUARD)
    return unittest.TextTestRunner(stream=sys.stderr, verbosity=1).run(suite)


def executed_lines(tracer):
    target = os.path.realpath(TARGET)
    return {line for (filename, line) in tracer.results().counts if os.path.realpath(filename) == target}


def line_ranges(lines):
    """[3, 4, 5, 9] -> '3-5, 9', to show what is missed compactly."""
    ranges, start = [], None
    for line in sorted(lines):
        if start is None or line != end + 1:
            if start is not None:
                ranges.append(f"{start}-{end}" if end > start else f"{start}")
            start = line
        end = line
    if start is not None:
        ranges.append(f"{start}-{end}" if end > start else f"{start}")
    return ", ".join(ranges)


def main(argv):
    threshold = float(argv[0]) if argv else 90.0
    sys.path.insert(0, GUARD)
    # Only the guard's own directory is traced: the standard library would only slow the run down.
    tracer = trace.Trace(count=1, trace=0, ignoredirs=[sys.prefix, sys.exec_prefix, sys.base_prefix])
    result = tracer.runfunc(run_tests)
    # trace's own statement finder; line 0 is the module's entry instruction, not a line of the file.
    statements = {line for line in trace._find_executable_linenos(TARGET) if line > 0}  # noqa: SLF001
    covered = statements & executed_lines(tracer)
    percent = 100.0 * len(covered) / len(statements)
    print(f"runtime_guard.py statement coverage: {percent:.1f}% ({len(covered)}/{len(statements)})")
    if statements - covered:
        print(f"missed lines: {line_ranges(statements - covered)}")
    if not result.wasSuccessful():
        print("the guard's tests failed")
        return 1
    if percent < threshold:
        print(f"below the threshold of {threshold:g}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
