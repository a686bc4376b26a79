#!/usr/bin/env bash
# System libraries Repère needs beyond Python: Pango and HarfBuzz for WeasyPrint (PDF reports),
# a font, poppler-utils (pdftoppm, to look at reports) and, for the browser tests, Debian's
# Chromium. Installs what is missing with apt-get when run as root; otherwise says what to do.
set -euo pipefail
want=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so' || want+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so' || want+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so' || want+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || want+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null || want+=(poppler-utils)
optional=()
if [ "${1:-}" = "--browser" ]; then  # the browser tests: skipped without it, except in CI
  command -v chromium >/dev/null || optional+=(chromium)
fi
all=("${want[@]}" "${optional[@]}")
[ ${#all[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${all[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${all[@]}" >/dev/null
elif [ ${#want[@]} -gt 0 ]; then
  echo "missing system packages: ${all[*]} — install them with: sudo apt-get install ${all[*]}" >&2
  exit 1
else
  echo "note: ${optional[*]} not installed: the browser tests will be skipped" >&2
fi
