#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain why there is none.
# Order: $PYTHON if set, python3.13/python3.12 on PATH, pyenv's installed 3.12+/3.13+, python3.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for v in python3.14 python3.13 python3.12; do command -v "$v" >/dev/null 2>&1 && candidates+=("$(command -v "$v")"); done
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.|$)' | sort -rV); do
    p="$(pyenv root)/versions/$v/bin/python3"; [ -x "$p" ] && candidates+=("$p")
  done
fi
command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")
for c in "${candidates[@]}"; do
  if ok "$c"; then echo "$c"; exit 0; fi
done
echo "error: Điều hành needs Python 3.12 or newer and none was found." >&2
echo "       Tried: ${candidates[*]:-nothing}. Install Python 3.12+ (or set PYTHON=/path/to/python3.12)." >&2
exit 1
