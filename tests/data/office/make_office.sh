#!/usr/bin/env bash
# Real office files for the reader tests, written by LibreOffice (not by the libraries
# that read them). Made once and committed; the tests do not need LibreOffice.
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui
# The sources are *.src (so ingest does not read them). Run from this folder.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
cp interview.html.src "$tmp/interview.html"
cp metadata.csv.src "$tmp/metadata.csv"
soffice --headless --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" "$tmp/interview.html" --outdir "$tmp"
soffice --headless --infilter="HTML (StarWriter)" --convert-to odt "$tmp/interview.html" --outdir "$tmp"
# CSV import with ';', UTF-8 (76), Dutch locale (1043): '02-05-2024' becomes a real date cell
soffice --headless --infilter="CSV:59,34,76,1,,1043" --convert-to xlsx:"Calc MS Excel 2007 XML" "$tmp/metadata.csv" --outdir "$tmp"
cp "$tmp/interview.docx" interview-4-word.docx
cp "$tmp/interview.odt" interview-4-writer.odt
cp "$tmp/metadata.xlsx" metadata.xlsx
rm -rf "$tmp"
