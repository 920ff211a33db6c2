#!/usr/bin/env bash
# Builds the Windows release artefacts on Linux: a self-contained single-file smbdrive.exe for win-x64 (and
# win-arm64 where that runtime can be restored), SmbDrive-<version>-x64.msi (wixl + msibuild from msitools) and
# the portable SmbDrive-<version>-win-<arch>.zip files. The version is <Version> in Directory.Build.props, the
# same property `smbdrive --version` prints. See installer/README.md.
#
# Usage: installer/build.sh [--output DIR] [--obj DIR] [--x64-only]
#   --output DIR  where the .msi and .zip files go (default: artifacts/installer)
#   --obj DIR     intermediate files, kept between runs so that a rebuild is incremental
#                 (default: artifacts/installer/obj)
#   --x64-only    skip the win-arm64 publish and zip
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$repo/artifacts/installer"
obj="$repo/artifacts/installer/obj"
arm64=1
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="${2:?--output needs a folder}"; shift 2 ;;
    --obj) obj="${2:?--obj needs a folder}"; shift 2 ;;
    --x64-only) arm64=0; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

missing=()
for tool in dotnet wixl msibuild msiinfo; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
command -v zip >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || missing+=("zip (or python3)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: missing ${missing[*]}; on Debian: apt-get install wixl msitools zip (and the .NET 10 SDK)" >&2
  exit 2
fi

mkdir -p "$output" "$obj"
output="$(cd "$output" && pwd)"
obj="$(cd "$obj" && pwd)"
project="$repo/src/SmbDrive/SmbDrive.csproj"

# A one-shot release build: no MSBuild nodes or compiler server left running afterwards (they would also keep a
# caller's output pipe open), and the RID-specific build goes to its own artifacts folder so it never touches
# the bin/obj folders of a developer build running at the same time.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1
msbuild_flags=(-nologo -nodeReuse:false -p:UseSharedCompilation=false)

property() {
  dotnet msbuild "$project" "${msbuild_flags[@]}" -getProperty:"$1" | tr -d '\r' | tail -n 1
}

version="$(property Version)"
if [ -z "$version" ]; then
  echo "build.sh: could not read <Version> (Directory.Build.props) through $project" >&2
  exit 1
fi
# Windows Installer takes only major.minor.build[.revision], each a number (255.255.65535 at most); a
# prerelease or build-metadata suffix (1.2.0-beta+abc) stays in the file names only.
msi_version="${version%%[-+]*}"
IFS=. read -r v_major v_minor v_build _ <<<"$msi_version"
if ! [[ "$msi_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || [ "$v_major" -gt 255 ] || [ "$v_minor" -gt 255 ] \
   || [ "$v_build" -gt 65535 ]; then
  echo "build.sh: Version '$version' has no MSI form (major.minor.build, at most 255.255.65535)" >&2
  exit 1
fi

# The project page for Add/Remove Programs: PackageProjectUrl if Directory.Build.props sets it.
help_link="$(property PackageProjectUrl)"
if [ -z "$help_link" ]; then
  help_link="https://github.com/smbdrive/smbdrive"
  echo "build.sh: note: no PackageProjectUrl in Directory.Build.props; the help link is $help_link" >&2
fi

echo "SmbDrive $version (MSI ProductVersion $msi_version)"

# publish RID: self-contained single-file smbdrive.exe plus appsettings.json in $obj/publish/RID.
publish() {
  local rid="$1" dir="$obj/publish/$1"
  rm -rf "$dir"
  echo "publishing $rid ..."
  dotnet publish "$project" -r "$rid" -c Release --self-contained -p:PublishSingleFile=true \
    -o "$dir" --artifacts-path "$obj/build" "${msbuild_flags[@]}" || return 1
  for f in smbdrive.exe appsettings.json; do
    [ -f "$dir/$f" ] || { echo "build.sh: the $rid publish has no $f" >&2; return 1; }
  done
}

# zip_portable RID: SmbDrive-<version>-RID.zip with one top folder holding the executable and its settings.
zip_portable() {
  local rid="$1" name="SmbDrive-$version-$1" stage="$obj/zip/$1"
  rm -rf "$stage" "$output/$name.zip"
  mkdir -p "$stage/$name"
  cp "$obj/publish/$rid/smbdrive.exe" "$obj/publish/$rid/appsettings.json" "$stage/$name/"
  if command -v zip >/dev/null 2>&1; then
    (cd "$stage" && zip -q -X -r "$output/$name.zip" "$name")
  else
    (cd "$stage" && python3 -m zipfile -c "$output/$name.zip" "$name")
  fi
  echo "  $output/$name.zip"
}

# msi_property MSI NAME: a value of the MSI's Property table.
msi_property() {
  msiinfo export "$1" Property | tr -d '\r' | awk -F '\t' -v name="$2" 'NR > 3 && $1 == name { print $2 }'
}

# msi_x64: wixl builds the MSI from SmbDrive.wxs, then msibuild applies msi-additions.sql.
msi_x64() {
  local stage="$obj/msi/x64" msi="$output/SmbDrive-$version-x64.msi"
  rm -rf "$stage" "$msi"
  mkdir -p "$stage"
  cp "$obj/publish/win-x64/smbdrive.exe" "$obj/publish/win-x64/appsettings.json" "$stage/"
  # wixl resolves File/@Source against its working folder only.
  (cd "$stage" && wixl -a x64 -D ProductVersion="$msi_version" -D HelpLink="$help_link" \
    -o "$msi" "$repo/installer/SmbDrive.wxs")
  # The SQL names the UpgradeCode and ProductVersion through placeholders; the values come from the MSI itself,
  # so SmbDrive.wxs stays their only source.
  local upgrade_code product_version
  upgrade_code="$(msi_property "$msi" UpgradeCode)"
  product_version="$(msi_property "$msi" ProductVersion)"
  if [ -z "$upgrade_code" ] || [ -z "$product_version" ]; then
    echo "build.sh: the MSI wixl built has no UpgradeCode or ProductVersion property" >&2
    return 1
  fi
  local statement="" line
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in --*|"") continue ;; esac
    statement="${statement:+$statement }$line"
    if [[ "$statement" == *\; ]]; then
      statement="${statement%;}"
      statement="${statement//@UpgradeCode@/$upgrade_code}"
      statement="${statement//@ProductVersion@/$product_version}"
      if ! msibuild "$msi" -q "$statement"; then
        echo "build.sh: msibuild failed on: $statement" >&2
        rm -f "$msi"
        return 1
      fi
      statement=""
    fi
  done <"$repo/installer/msi-additions.sql"
  if [ -n "$statement" ]; then
    echo "build.sh: msi-additions.sql ends inside a statement (missing ';'): $statement" >&2
    rm -f "$msi"
    return 1
  fi
  echo "  $msi"
}

publish win-x64
echo "packaging win-x64 ..."
msi_x64
zip_portable win-x64

if [ "$arm64" = 1 ]; then
  # The win-arm64 runtime packs are not always restorable (an offline feed, a mirror without them); the x64
  # artefacts stand on their own, so a failed arm64 publish is reported, not fatal. There is no arm64 MSI: wixl
  # 0.101 (Debian 12) cannot target Arm64.
  if publish win-arm64 >"$obj/publish-win-arm64.log" 2>&1; then
    echo "packaging win-arm64 ..."
    zip_portable win-arm64
  else
    echo "note: win-arm64 was skipped: its publish failed (see $obj/publish-win-arm64.log):"
    grep -m 3 -E "error|Error" "$obj/publish-win-arm64.log" | sed 's/^/  /' || true
  fi
fi
echo "done: $output"
