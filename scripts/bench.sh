#!/usr/bin/env bash
# Run every benchmark: each bench/*.py that defines main() (names given as arguments narrow it,
# e.g. `make bench ARGS=engine`). Each prints its figures and the ratio to its target.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for script in bench/*.py; do
    name=$(basename "$script" .py)
    [[ $name == _* ]] && continue
    grep -q '^def main(' "$script" || continue
    if [[ $# -gt 0 && " $* " != *" $name "* ]]; then continue; fi
    echo "== bench/$name.py"
    .venv/bin/python "$script" || { echo "bench/$name.py failed"; status=1; }
done
exit $status
