/* The search page, drawn here over Pagefind's JS API (pagefind.js of each bundle: one per
   language the drafts are written in; see generator/render/search.py) rather than by
   Pagefind's own UI, which inserted a filter's value (a draft's topic, its committee) into
   the page as HTML.

   Everything a draft gave reaches the page as text: titles, citations, filter values and
   versions through textContent, excerpts split on Pagefind's own <mark> around the words
   found, the rest of them entity-decoded into text nodes. Nothing Pagefind returns is ever
   parsed as HTML, so no value of a draft can become markup here, whatever it holds.

   A result opens the provision that matched (page#id: each provision is a heading with its
   id in the search document, Pagefind's sub-result) and names it by its citation; results
   from earlier versions are listed apart from the current text, and published comments
   (meta type "comment") apart again, each named "Comment on Sec. 6(a)" and opening the
   comment on its provision's comment page. A ?q= query runs on arrival
   and stays in the address as the reader types, so a search can be bookmarked and shared. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var PAGE = 10; // results drawn at a time
  var MORE = 3; // other matching provisions named under a result
  var path = function (relative) { return new URL(relative, document.baseURI).pathname; };
  var base = box.getAttribute("data-bundle-base");
  var bundles = box.getAttribute("data-bundles").split(" ").map(function (lang) {
    return path(base + lang + "/");
  });
  var strings = JSON.parse(document.getElementById("search-strings").textContent);
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var filterBox = document.getElementById("search-filters");
  var statusLine = document.getElementById("search-status");
  var groups = {
    current: document.getElementById("search-current"),
    earlier: document.getElementById("search-earlier"),
    comments: document.getElementById("search-comments")
  };
  var moreButton = document.getElementById("search-more");
  var pagefind = null;
  var run = 0; // the latest search; an older one that finishes late draws nothing
  var found = []; // the latest search's results, and how many are drawn
  var drawn = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(template, count, term) {
    return template.replace("[COUNT]", String(count)).replace("[SEARCH_TERM]", term);
  }

  // Pagefind's excerpts are the indexed text HTML-escaped, with <mark> around the words
  // found. Only those two tags are read; the rest is decoded as text, never parsed.
  var ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi;
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };
  function decode(text) {
    return text.replace(ENTITY, function (whole, dec, hex, name) {
      var code = dec ? parseInt(dec, 10) : hex ? parseInt(hex, 16) : -1;
      if (code >= 0) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      return NAMED[name.toLowerCase()];
    });
  }
  function excerptNode(excerpt) {
    var p = el("p", "search-result__excerpt");
    var marked = false;
    (excerpt || "").split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = decode(part);
      p.appendChild(marked ? el("mark", "", text) : document.createTextNode(text));
    });
    return p;
  }

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) {
      return sum + (w.balanced_score || 0);
    }, 0);
  }

  // The provisions that matched, best first; the page itself (its title, summary or
  // preamble) only when no provision did.
  function places(data) {
    var subs = (data.sub_results || []).map(function (sub, i) {
      return { sub: sub, score: score(sub), at: i };
    }).sort(function (a, b) { return b.score - a.score || a.at - b.at; })
      .map(function (s) { return s.sub; });
    var provisions = subs.filter(function (s) { return s.anchor && s.anchor.id; });
    return provisions.length ? provisions : [subs[0] || { url: data.url, excerpt: data.excerpt }];
  }

  // A provision's excerpt starts with its heading, the citation shown above it: said once.
  function withoutCitation(excerpt, sub) {
    var lead = sub.anchor && sub.title ? sub.title + "." : "";
    return lead && excerpt && excerpt.indexOf(lead) === 0 ? excerpt.slice(lead.length).trim() : excerpt;
  }

  function resultNode(data) {
    var meta = data.meta || {};
    var where = places(data);
    var best = where[0];
    var item = el("li", "search-result");
    var lang = meta.lang || "";
    var heading = el("h3", "search-result__title");
    if (lang) heading.lang = lang;
    var link = el("a");
    link.href = best.url || data.url;
    if (best.anchor) {
      link.appendChild(el("span", "search-result__cite", best.title || best.anchor.id));
      link.appendChild(document.createTextNode(" · "));
    }
    link.appendChild(el("span", "search-result__draft", meta.title || data.url));
    heading.appendChild(link);
    item.appendChild(heading);
    if (meta.version) item.appendChild(el("p", "search-result__version", meta.version));
    var excerpt = excerptNode(withoutCitation(best.excerpt || data.excerpt, best));
    if (lang) excerpt.lang = lang;
    item.appendChild(excerpt);
    var others = where.slice(1, 1 + MORE).filter(function (s) { return s.anchor; });
    if (others.length) {
      // "Also in: ", but "另见：" (a full-width colon carries its own space).
      var also = el("p", "search-result__also",
        strings.also_in + (/[\u3000-\u303f\uff00-\uffef]$/.test(strings.also_in) ? "" : " "));
      others.forEach(function (sub, i) {
        if (i) also.appendChild(document.createTextNode(strings.separator));
        var a = el("a", "", sub.title || sub.anchor.id);
        a.href = sub.url;
        if (lang) a.lang = lang;
        also.appendChild(a);
      });
      item.appendChild(also);
    }
    return item;
  }

  function list(group) { return group.querySelector("ol"); }

  function clearResults() {
    Object.keys(groups).forEach(function (k) {
      list(groups[k]).textContent = "";
      groups[k].hidden = true;
    });
    moreButton.hidden = true;
    found = [];
    drawn = 0;
  }

  function drawMore(mine) {
    var page = found.slice(drawn, drawn + PAGE);
    drawn += page.length;
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (all) {
      if (mine !== run) return null;
      var first = null;
      all.forEach(function (data) {
        var meta = data.meta || {};
        var group = meta.type === "comment" ? groups.comments
          : meta.text === "earlier" ? groups.earlier : groups.current;
        var item = resultNode(data);
        list(group).appendChild(item);
        group.hidden = false;
        first = first || item;
      });
      moreButton.hidden = drawn >= found.length;
      return first;
    });
  }

  // ---------------------------------------------------------------- filters

  function chosenFilters() {
    var chosen = {};
    filterBox.querySelectorAll("input:checked").forEach(function (box) {
      var name = box.getAttribute("data-filter");
      (chosen[name] = chosen[name] || { any: [] }).any.push(box.value);
    });
    return chosen;
  }

  function drawFilters(all) {
    filterBox.textContent = "";
    Object.keys(all).forEach(function (name, n) {
      var values = Object.keys(all[name]).sort(function (a, b) { return a.localeCompare(b); });
      if (!values.length) return;
      var details = el("details", "search-filter");
      details.appendChild(el("summary", "", name));
      var fieldset = el("fieldset");
      fieldset.appendChild(el("legend", "visually-hidden", name));
      values.forEach(function (value, i) {
        var id = "search-filter-" + n + "-" + i;
        var row = el("div", "search-filter__option");
        var check = el("input");
        check.type = "checkbox";
        check.id = id;
        check.value = value;
        check.setAttribute("data-filter", name);
        var label = el("label", "", value);
        label.htmlFor = id;
        label.appendChild(el("span", "search-filter__count", " (" + all[name][value] + ")"));
        row.appendChild(check);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      details.appendChild(fieldset);
      filterBox.appendChild(details);
    });
  }

  function updateCounts(counts) {
    filterBox.querySelectorAll("input[data-filter]").forEach(function (check) {
      var n = ((counts || {})[check.getAttribute("data-filter")] || {})[check.value] || 0;
      var count = check.parentNode.querySelector(".search-filter__count");
      if (count) count.textContent = " (" + n + ")";
    });
  }

  // ---------------------------------------------------------------- searching

  function search() {
    var mine = ++run;
    var term = input.value.trim();
    var filters = chosenFilters();
    var filtered = Object.keys(filters).length > 0;
    if (!term && !filtered) {
      clearResults();
      statusLine.textContent = "";
      return Promise.resolve();
    }
    statusLine.textContent = say(strings.searching, 0, term);
    return pagefind.debouncedSearch(term || null, { filters: filters }, 200).then(function (result) {
      if (result === null || mine !== run) return; // a later keystroke took over
      clearResults();
      found = result.results;
      updateCounts(result.filters);
      var n = found.length;
      if (!n) statusLine.textContent = say(strings.zero_results, 0, term);
      else if (term) statusLine.textContent = say(n === 1 ? strings.one_result : strings.many_results, n, term);
      else statusLine.textContent = say(n === 1 ? strings.one_filtered : strings.many_filtered, n, term);
      return drawMore(mine);
    }).catch(failed);
  }

  function failed(error) {
    statusLine.textContent = strings.error_search;
    if (window.console) console.error(error);
  }

  function remember() {
    var url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  }

  function start(module) {
    pagefind = module;
    return pagefind.options({ excerptLength: 30 }).then(function () {
      return Promise.all(bundles.slice(1).map(function (b) { return pagefind.mergeIndex(b); }));
    }).then(function () { return pagefind.filters(); }).then(function (all) {
      drawFilters(all);
      box.hidden = false;
      var fallback = document.getElementById("search-fallback");
      if (fallback) fallback.hidden = true;
      input.addEventListener("input", function () { remember(); search(); });
      filterBox.addEventListener("change", search);
      form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
      moreButton.addEventListener("click", function () {
        drawMore(run).then(function (first) {
          // On to the first new result, not back to the top of the page.
          if (first) first.querySelector("a").focus();
        });
      });
      var query = new URLSearchParams(location.search).get("q");
      if (query) {
        input.value = query;
        return search();
      }
    });
  }

  import(new URL(bundles[0] + "pagefind.js", location.href).href).then(start).catch(failed);
})();
