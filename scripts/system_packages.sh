#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests, Thai fonts and poppler for PDF
# reports, Tesseract with Thai for OCR, the PostgreSQL client for CI's second run, qpdf to make
# the encrypted PDFs that upload tests refuse, ClamAV's daemon for the virus-scanning tests (they
# start their own clamd with a one-line local signature; no signature download is needed).
# Installs what is missing when run as root (CI, a fresh machine); otherwise says what is missing.
set -euo pipefail

PACKAGES=(
  chromium fonts-thai-tlwg-ttf poppler-utils gettext
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  tesseract-ocr tesseract-ocr-tha postgresql-client qpdf clamav-daemon
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages (tests that need them will fail): ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
fi
