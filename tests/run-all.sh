#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine (as root): installs what the tests need
# (Samba, smbclient, FUSE 3, fio, wixl/msitools, gcc and zlib headers for the native build, the MIT KDC and
# Kerberos tools for the Kerberos tests), builds, runs all NUnit projects with TRX results in TestResults/, then
# the Windows lane (tests/windows/run.sh: the win-x64 build under Wine), and ends with one line
# "N passed, N failed, N skipped" counting both.
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in smbd smbclient fusermount3 fio wixl msiinfo gcc krb5kdc kadmin.local kinit git; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
[ -e /usr/include/fuse3/fuse.h ] || need+=(fuse-headers)
[ -e /usr/include/zlib.h ] || need+=(zlib-headers)  # the native (AOT) build in NativeBuildTests links with gcc
if [ ${#need[@]} -gt 0 ]; then
  echo "installing test prerequisites (missing: ${need[*]})" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq samba smbclient fuse3 libfuse3-dev fio wixl msitools gcc zlib1g-dev python3 krb5-kdc krb5-admin-server krb5-user git >&2
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "the .NET 10 SDK is required (dotnet on PATH)" >&2
  exit 2
fi

rm -rf TestResults
dotnet build SmbDrive.sln -c Release -nologo -v q >&2 || { echo "0 passed, 1 failed"; exit 1; }
dotnet test SmbDrive.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory TestResults -- NUnit.DisplayName=FullName >&2
status=$?

# The Windows build under Wine (installs wine64 and the MinGW compiler itself); its last line is "N passed, N failed".
mkdir -p TestResults
bash tests/windows/run.sh >TestResults/windows-lane.txt || status=1
export WINDOWS_LANE="$(tail -n 1 TestResults/windows-lane.txt)"

python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in glob.glob("TestResults/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
import os, re
lane = re.fullmatch(r"(\d+) passed, (\d+) failed", os.environ.get("WINDOWS_LANE", "").strip())
if lane:
    passed += int(lane.group(1)); failed += int(lane.group(2))
else:
    failed += 1  # the Windows lane did not report
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
