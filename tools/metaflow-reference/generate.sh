#!/usr/bin/env bash
# Compiles the reference Python flows with pinned Metaflow, offline, and writes normalized JSON.
#
#   tools/metaflow-reference/generate.sh [--validate] [--out DIR] [FLOW ...]
#
# FLOW is a file stem in flows/ (default: all). --out defaults to
# flowline-argo/src/test/resources/metaflow. --validate also checks every object against the
# pinned Argo Workflows (v3.7.18, v4.1.2) and Argo Events (v1.9.11) JSON schemas in
# $FLOWLINE_SCHEMAS (default: the shared/schemas folder beside the repository, else
# /work/shared/schemas), strictly (unknown fields are errors, as in flowline-testkit), and ends
# with the list of objects that fail (some of Metaflow's do: see README.md); that is no error.
#
# Environment: a venv with requirements.txt under ~/.cache/flowline/metaflow-reference/venv-<hash
# of requirements.txt> (made on first use with python3.11 and PyPI; pip's cache beside it).
# PYTHON overrides the interpreter (it must be 3.11: hello_defaults' default image python:3.11
# comes from it).
#
# What runs, per flow, in a scratch folder holding only a copy of flows/<flow>.py (so the code
# package holds that file alone), under `env -i` (nothing from the caller's environment but PATH):
#   set -a; . settings.env; . flows/<flow>.env (if any); set +a
#   python <flow>.py --no-pylint $MFREF_FLOW_ARGS argo-workflows create --only-json $MFREF_CREATE_ARGS
# with PYTHONPATH=offline and MFREF_OUT_DIR set, which loads offline/sitecustomize.py: no S3 upload
# and the CronWorkflow/Sensor recorded from Metaflow's own deploy code (see that file).
# METAFLOW_HOME and HOME point into the scratch folder, so no ~/.metaflowconfig is read.
# PYTHONHASHSEED=0: Metaflow iterates a Python set when one @trigger event without a mapping maps
# every parameter, so the Sensor's parameter order would change from run to run.
# normalize.py then writes <flow>.json (WorkflowTemplate), <flow>.cronworkflow.json and
# <flow>.sensor.json; its docstring lists every normalization.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/flowline-argo/src/test/resources/metaflow"
validate=""
flows=()
while [ $# -gt 0 ]; do
  case "$1" in
    --validate) validate="--validate" ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) flows+=("$1") ;;
  esac
  shift
done
if [ ${#flows[@]} -eq 0 ]; then
  for f in "$here"/flows/*.py; do flows+=("$(basename "$f" .py)"); done
fi

schemas="${FLOWLINE_SCHEMAS:-}"
if [ -z "$schemas" ]; then
  if [ -d "$repo/../shared/schemas" ]; then schemas="$repo/../shared/schemas"; else schemas=/work/shared/schemas; fi
fi
if [ -n "$validate" ] && [ ! -d "$schemas/argo-workflows" ]; then
  echo "no schemas in $schemas (set FLOWLINE_SCHEMAS)" >&2; exit 2
fi

python="${PYTHON:-python3.11}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "$python is not Python 3.11 (set PYTHON to a Python 3.11 interpreter)" >&2; exit 2
fi
cache="${XDG_CACHE_HOME:-$HOME/.cache}/flowline/metaflow-reference"
hash="$(sha256sum "$here/requirements.txt" | cut -c1-16)"
venv="$cache/venv-$hash"
if [ ! -f "$venv/.complete" ]; then
  echo "creating $venv" >&2
  rm -rf "$venv"
  mkdir -p "$cache"
  "$python" -m venv "$venv"
  PIP_CACHE_DIR="$cache/pip" "$venv/bin/pip" install -q --disable-pip-version-check \
    -r "$here/requirements.txt"
  touch "$venv/.complete"
fi

mkdir -p "$out"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for flow in "${flows[@]}"; do
  src="$here/flows/$flow.py"
  [ -f "$src" ] || { echo "no flow $src" >&2; exit 2; }
  work="$scratch/$flow"
  mkdir -p "$work/flow" "$work/home" "$work/recorded"
  cp "$src" "$work/flow/"
  rm -f "$out/$flow.json" "$out/$flow.cronworkflow.json" "$out/$flow.sensor.json"
  envfile="$here/flows/$flow.env"
  [ -f "$envfile" ] || envfile=/dev/null
  if ! (cd "$work/flow" && env -i PATH="$PATH" HOME="$work/home" METAFLOW_HOME="$work/home/.metaflowconfig" \
      PYTHONPATH="$here/offline" PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0 MFREF_OUT_DIR="$work/recorded" \
      bash -c 'set -a; . "$1"; . "$2"; set +a; exec "$3" "$4" --no-pylint ${MFREF_FLOW_ARGS:-} \
        argo-workflows create --only-json ${MFREF_CREATE_ARGS:-}' \
      _ "$here/settings.env" "$envfile" "$venv/bin/python" "$flow.py" \
      >"$work/stdout" 2>"$work/stderr"); then
    echo "FAILED $flow:" >&2; tail -20 "$work/stderr" >&2; status=1; continue
  fi
  user="$(env -i bash -c 'set -a; . "$1"; . "$2"; echo "${METAFLOW_USER:-}"' _ "$here/settings.env" "$envfile")"
  echo "$flow" >&2
  "$venv/bin/python" "$here/normalize.py" --name "$flow" --stdout "$work/stdout" \
    --recorded "$work/recorded" --user "$user" --dest "$out" $validate --schemas "$schemas" \
    | tee -a "$scratch/validation.log" || status=1
done
if [ -n "$validate" ]; then
  echo "--- normalized objects that fail a schema:"
  grep '^  INVALID' "$scratch/validation.log" || echo "(none)"
fi
exit $status
