// A table wider than the screen scrolls inside its own region, not the page (issue 25: pages
// fit 1366 px and 390 px). The region is focusable and named after the table's caption or the
// heading above it only while it scrolls, so a keyboard user can scroll it and a screen reader
// says what it holds; a table that fits adds no tab stop.
(function () {
  "use strict";
  function labelFor(table) {
    var caption = table.querySelector("caption");
    if (table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var heading = document.evaluate(
      "preceding::*[self::h1 or self::h2 or self::h3][1]", table, null,
      XPathResult.FIRST_ORDERED_NODE_TYPE, null
    ).singleNodeValue;
    return heading && heading.textContent.trim() ? heading.textContent.trim() : "Table";
  }
  function wrap(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      var region = document.createElement("div");
      region.className = "table-scroll";
      table.parentNode.insertBefore(region, table);
      region.appendChild(table);
    });
    // A region the page marked up itself with a role keeps what its template gave it.
    document.querySelectorAll(".table-scroll:not([role])").forEach(function (region) {
      region.setAttribute("data-scroll", "auto");
    });
    mark();
  }
  function mark() {
    document.querySelectorAll('.table-scroll[data-scroll="auto"]').forEach(function (region) {
      if (region.scrollWidth > region.clientWidth) {
        region.setAttribute("role", "region");
        region.setAttribute("tabindex", "0");
        region.setAttribute("aria-label", labelFor(region.querySelector("table")) + " (scrolls sideways)");
      } else {
        region.removeAttribute("role");
        region.removeAttribute("tabindex");
        region.removeAttribute("aria-label");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wrap(); });
  } else {
    wrap();
  }
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", function () { wrap(); });
})();
