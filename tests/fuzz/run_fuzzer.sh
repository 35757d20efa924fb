#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_DIR ARTIFACT_DIR [LIBFUZZER_OPTION...]
# Runs a libFuzzer target on a temporary copy of its seed corpus (the tree is
# never written); a crashing input is kept in ARTIFACT_DIR and fails the run.
set -euo pipefail
fuzzer=$1 seeds=$2 artifacts=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/debimg-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$seeds/." "$work/"
mkdir -p "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
"$fuzzer" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" "$work"
