#!/usr/bin/env bash
# Report PDFs are rendered by WeasyPrint, which loads Pango from the system (docs/adr/0016).
# Says how to install it when it is missing, rather than failing on the first PDF download.
if ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
  exit 0
fi
echo "Report PDFs need Pango (WeasyPrint). On Debian or Ubuntu:" >&2
echo "    sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" >&2
exit 1
