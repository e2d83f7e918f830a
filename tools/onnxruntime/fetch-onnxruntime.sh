#!/usr/bin/env bash
# Puts the official ONNX Runtime CPU library (libonnxruntime.so.1, Linux x64) into the per-user cache that
# LitDsl.Runtime searches, without any manual download: the file comes out of the npm package onnxruntime-node, whose
# Linux x64 binary is Microsoft's release build, and is accepted only if its SHA-256 matches the pinned value below.
#
# Usage: fetch-onnxruntime.sh [destination-directory]
#   destination defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/litdsl/onnxruntime/1.30.0
#
# Idempotent: a cached file with the right hash is left alone; a cached file with a wrong hash is replaced.
# The final rename is atomic, so concurrent builds never see a half-written library.
set -euo pipefail

readonly ORT_VERSION="1.30.0"
readonly NPM_PACKAGE="onnxruntime-node@${ORT_VERSION}"
readonly ENTRY_IN_PACKAGE="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
readonly LIBRARY_NAME="libonnxruntime.so.1"
# Computed once from the file inside onnxruntime-node-1.30.0.tgz; a different hash means a different binary.
readonly EXPECTED_SHA256="ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23"

say() { printf 'fetch-onnxruntime: %s\n' "$*"; }
fail() { printf 'fetch-onnxruntime: error: %s\n' "$*" >&2; exit 1; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

destination_dir="${1:-${XDG_CACHE_HOME:-${HOME}/.cache}/litdsl/onnxruntime/${ORT_VERSION}}"
destination="${destination_dir}/${LIBRARY_NAME}"

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  fail "only Linux x64 is supported (this is $(uname -s) $(uname -m)); set LITDSL_ONNXRUNTIME to your own libonnxruntime instead"
fi
command -v sha256sum >/dev/null || fail "sha256sum is required"

if [[ -f "${destination}" ]]; then
  if [[ "$(sha256_of "${destination}")" == "${EXPECTED_SHA256}" ]]; then
    say "already present and verified: ${destination}"
    exit 0
  fi
  say "cached file has an unexpected SHA-256, replacing it: ${destination}"
  rm -f -- "${destination}"
fi

command -v npm >/dev/null || fail "npm is required to download ${NPM_PACKAGE}; or set LITDSL_ONNXRUNTIME to an existing libonnxruntime.so and build with -p:LitDslFetchOnnxRuntime=false"
command -v tar >/dev/null || fail "tar is required"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/litdsl-ort.XXXXXX")"
trap 'rm -rf -- "${work_dir}"' EXIT

say "downloading ${NPM_PACKAGE} with npm pack"
tarball_name="$(cd "${work_dir}" && npm pack "${NPM_PACKAGE}" --silent)"
tarball="${work_dir}/${tarball_name##*$'\n'}"
[[ -f "${tarball}" ]] || fail "npm pack did not produce a tarball (got '${tarball_name}')"

say "extracting ${ENTRY_IN_PACKAGE}"
tar -xzf "${tarball}" -C "${work_dir}" "${ENTRY_IN_PACKAGE}" || fail "${ENTRY_IN_PACKAGE} is missing from ${tarball_name}"
extracted="${work_dir}/${ENTRY_IN_PACKAGE}"

actual_sha256="$(sha256_of "${extracted}")"
if [[ "${actual_sha256}" != "${EXPECTED_SHA256}" ]]; then
  rm -f -- "${extracted}"
  fail "SHA-256 mismatch for ${ENTRY_IN_PACKAGE}: expected ${EXPECTED_SHA256}, got ${actual_sha256}; the file was deleted and nothing was installed"
fi

mkdir -p -- "${destination_dir}"
# Copy next to the destination first so the final mv is a same-filesystem rename (atomic).
staging="$(mktemp "${destination_dir}/.${LIBRARY_NAME}.XXXXXX")"
cp -- "${extracted}" "${staging}"
chmod 0755 "${staging}"
mv -f -- "${staging}" "${destination}"
say "installed ${LIBRARY_NAME} (ONNX Runtime ${ORT_VERSION}, sha256 ${EXPECTED_SHA256}) to ${destination}"
