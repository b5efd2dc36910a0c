#!/usr/bin/env python3
# interleave.py RUNS LABEL CMD [LABEL CMD ...]: runs the commands (through
# sh, stdout to /dev/null) one after the other, RUNS rounds, and prints
# each one's CPU time (user + system, from wait4) as its minimum and
# median, and the first command's divided by each: the share of the
# first's speed each keeps.  Interleaved, so that all see the same load
# on a shared machine; the minimum is the run the machine disturbed least.
# Example (docs/performance.md): the speed --crs keeps,
#   scripts/interleave.py 21 plain "bin/ingest --tz UTC LOG" \
#       crs "bin/ingest --tz UTC --crs LOG"
import os
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2:
        sys.exit("usage: interleave.py RUNS LABEL CMD [LABEL CMD ...]")
    runs = int(sys.argv[1])
    pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
    times = {label: [] for label, _ in pairs}
    with open(os.devnull, "w") as null:
        for _ in range(runs):
            for label, cmd in pairs:
                child = subprocess.Popen(cmd, shell=True, stdout=null)
                _, status, usage = os.wait4(child.pid, 0)
                if status:
                    sys.exit("interleave.py: %s: exit status %d" % (cmd, status >> 8))
                times[label].append(usage.ru_utime + usage.ru_stime)
    first = times[pairs[0][0]]
    for label, _ in pairs:
        t = times[label]
        print("%-12s min %.3f s  median %.3f s  kept: %.0f %% (min), %.0f %% (median)" %
              (label, min(t), statistics.median(t), 100 * min(first) / min(t),
               100 * statistics.median(first) / statistics.median(t)))


main()
