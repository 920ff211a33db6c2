#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ (Debian package afl++) and SharpFuzz instrumentation:
#   tests/SmbDrive.Fuzz/afl.sh <harness|all> <minutes>
# Builds the fuzz project, copies it to a work folder (FUZZ_WORK, default /tmp/smbdrive-afl), instruments
# SmbDrive.Smb.dll there with the SharpFuzz.CommandLine tool (installed into the work folder on first use), then
# runs afl-fuzz on each harness's seed corpus for <minutes> at the lowest CPU priority. Crashing inputs are
# copied to corpus/regressions/<harness>/ in the source tree, where the smoke run in the test suite replays them.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -lt 2 ]; then
  echo "usage: $0 <harness|all> <minutes>" >&2
  exit 2
fi
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
work=${FUZZ_WORK:-/tmp/smbdrive-afl}
mkdir -p "$work"
[ -x "$work/tool/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tool" >&2
dotnet build -c Release -nologo -v q >&2
rm -rf "$work/bin"
cp -r bin/Release/net10.0 "$work/bin"
"$work/tool/sharpfuzz" "$work/bin/SmbDrive.Smb.dll" >&2
if [ "$1" = all ]; then harnesses=$(dotnet "$work/bin/SmbDrive.Fuzz.dll" list); else harnesses=$1; fi

found=0
for harness in $harnesses; do
  out="$work/out/$harness"
  rm -rf "$out"
  mkdir -p "$work/out"
  # SharpFuzz instruments the managed code, not the dotnet host, so AFL's binary check does not apply.
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    nice -n 19 afl-fuzz -V $(($2 * 60)) -i "corpus/$harness" -o "$out" -t 5000 -m none \
    -- dotnet "$work/bin/SmbDrive.Fuzz.dll" afl "$harness" >"$work/$harness.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    awk -v h="$harness" '/^(execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs) / {s = s " " $1 "=" $3} END {print h ":" s}' "$stats"
  else
    echo "$harness: afl-fuzz did not start, see $work/$harness.log"
    found=1
  fi
  for crash in "$out"/default/crashes/id:*; do
    [ -e "$crash" ] || continue
    mkdir -p "corpus/regressions/$harness"
    kept="corpus/regressions/$harness/$(sha256sum "$crash" | cut -c1-16).bin"
    cp "$crash" "$kept"
    echo "  crash kept as $kept"
    found=1
  done
done
exit $found
