/* The search page: Pagefind's own search UI over every bundle of this interface language
   (one per language the drafts are written in; see generator/render/search.py), with the
   interface strings from Docket's catalogs. A ?q= query runs on arrival and stays in the
   address as the reader types, so a search can be bookmarked and shared. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  var path = function (relative) { return new URL(relative, document.baseURI).pathname; };
  var base = box.getAttribute("data-bundle-base");
  var bundles = box.getAttribute("data-bundles").split(" ").map(function (lang) {
    return path(base + lang + "/");
  });
  var strings = JSON.parse(document.getElementById("search-strings").textContent);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: b }; }),
    showImages: false,
    showSubResults: false,
    excerptLength: 30,
    translations: strings,
  });
  // A visible label for Pagefind's search box, which otherwise has only a placeholder.
  var input = box.querySelector("input");
  var label = document.querySelector("label[for=search-query]");
  if (input && label) {
    input.id = "search-query";
    input.removeAttribute("title");
    label.hidden = false;
  }
  var fallback = document.getElementById("search-fallback");
  if (fallback) fallback.hidden = true;
  var query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
  box.addEventListener("input", function (event) {
    if (!event.target.matches("input[type=text], input[type=search]")) return;
    var url = new URL(location.href);
    if (event.target.value) url.searchParams.set("q", event.target.value);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  });
})();
