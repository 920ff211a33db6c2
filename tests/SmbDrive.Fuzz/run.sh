#!/usr/bin/env bash
# The longer fuzz run: tests/SmbDrive.Fuzz/run.sh <harness|all> <minutes> [seed]
# Builds the fuzz project, then mutates each harness's Samba seed corpus for <minutes> (per harness) at the lowest
# CPU priority. Findings are printed with their input as hex and kept under corpus/regressions/<harness>/ in the
# source tree, where the smoke run in the test suite replays them. Exit status 1 when anything was found.
# `dotnet tests/SmbDrive.Fuzz/bin/Release/net10.0/SmbDrive.Fuzz.dll list` names the harnesses.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -lt 2 ]; then
  echo "usage: $0 <harness|all> <minutes> [seed]" >&2
  exit 2
fi
harness=$1 minutes=$2 seed=${3:-$RANDOM}
dotnet build -c Release -nologo -v q >&2
exec nice -n 19 dotnet bin/Release/net10.0/SmbDrive.Fuzz.dll run "$harness" $((minutes * 60)) "$seed" --corpus "$PWD/corpus" --save
