#!/usr/bin/env bash
# Benchmarks SmbDrive against smbclient and rclone on this machine, in one run, on loopback.
#   bash tests/SmbDrive.Benchmarks/run.sh            # end-to-end comparison, 1 GiB, medians of 5 (10-15 minutes on a quiet 2-core machine, plus the build)
#   bash tests/SmbDrive.Benchmarks/run.sh --quick    # smoke test of the harness: 64 MiB, one run, 2 s random cases
#   options: --runs N, --size-mb M, --random-seconds S, --no-mount, --writes-only, --locks-only; results also go to artifacts/bench/results.md
#   bash tests/SmbDrive.Benchmarks/run.sh --micro    # BenchmarkDotNet micro-benchmarks of crypto and parsing
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v smbd >/dev/null && command -v smbclient >/dev/null && command -v rclone >/dev/null && command -v gcc >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq samba smbclient rclone fio fuse3 gcc zlib1g-dev >/dev/null; }
# The native build, as the README recommends on Linux: it starts in milliseconds, like smbclient.
dotnet publish src/SmbDrive -c Release -r linux-x64 -p:PublishAot=true -o artifacts/bench/smbdrive -nologo -v q
dotnet build tests/SmbDrive.Benchmarks -c Release -nologo -v q
bench=tests/SmbDrive.Benchmarks/bin/Release/net10.0/SmbDrive.Benchmarks.dll
if [ "${1:-}" = "--micro" ]; then shift; exec dotnet "$bench" --micro --filter '*' "$@"; fi
exec dotnet "$bench" --smbdrive "$PWD/artifacts/bench/smbdrive/smbdrive" --out artifacts/bench/results.md "$@"
