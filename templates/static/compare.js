// Compare any two versions of a draft. Pairs the site pre-renders (each version against the
// previous and the current one) are opened as pages; any other pair is drawn here from
// compare/data.json, in the same three views, with the same heading, summary and legend.
// A drawn comparison has its own address (?old=&new=&view=): shared or reloaded, it shows
// the same comparison. Without JavaScript the list of pages remains.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form || !window.fetch) return;
  form.hidden = false;
  var template = document.getElementById("compare-strings");
  var strings = template.dataset;
  var plural = JSON.parse(strings.plural);
  var result = document.getElementById("compare-result");
  var errorBox = document.getElementById("compare-error");
  var VIEWS = ["inline", "side-by-side", "changes"];
  var dataPromise = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function counted(key, n) {  // "1 provision amended", "3 provisions amended"
    var forms = plural[key];
    return n === 1 ? forms[0] : forms[1].replace("9999", String(n));
  }

  function mark(tag, text) {
    var label = tag === "ins" ? strings.inserted : strings.struck;
    return el(tag, {}, [el("span", { "class": "visually-hidden" }, [label + " "]), text,
      el("span", { "class": "visually-hidden" }, ["]"])]);
  }

  function opsNodes(ops, side) {
    return ops.filter(function (op) {
      return op[0] === "=" || (op[0] === "+" && side !== "old") || (op[0] === "-" && side !== "new");
    }).map(function (op) {
      return op[0] === "=" ? document.createTextNode(op[1]) : mark(op[0] === "+" ? "ins" : "del", op[1]);
    });
  }

  function shown(ops, side) {
    var hidden = side === "old" ? "+" : side === "new" ? "-" : "";
    return ops.some(function (op) { return op[0] !== hidden; });
  }

  var STATUS = { u: "unchanged", m: "amended", a: "added", r: "repealed" };
  var GONE = { old: "added", "new": "repealed" };  // table rows a side does not have

  // Amended text is stored as [old text index, ops]: "=" and "-" runs are lengths (in code
  // points) into the old text, "+" runs are the inserted text itself.
  function decodeOps(body, texts) {
    var old = Array.from(texts[body[0]]), at = 0;
    return body[1].map(function (op) {
      if (op[0] === "+") return op;
      var text = old.slice(at, at + op[1]).join("");
      at += op[1];
      return [op[0], text];
    });
  }

  // A table's cells as one side of a comparison: every row and cell tagged `tag`.
  function oneSidedTable(cells, tag) {
    var status = tag === "=" ? "unchanged" : tag === "+" ? "added" : "repealed";
    return {
      columns: (cells[0] || []).map(function () { return tag; }),
      rows: cells.map(function (row) {
        return { status: status, cells: row.map(function (c) { return c ? [[tag, c]] : []; }) };
      })
    };
  }

  // The layout of a provision's text ({h: heading ops or null, b: blocks}) from its shape in
  // data.json: a heading length, or {h: heading, b: pieces}; null when it is plain text.
  function layoutOf(text, shape, tag) {
    if (shape === undefined) return null;
    if (typeof shape === "number") {
      var chars = Array.from(text);
      var heading = chars.slice(0, shape).join("");
      var body = shape ? chars.slice(shape + 1).join("") : text;
      return { h: heading ? [[tag, heading]] : [], b: body ? [[[tag, body]]] : [] };
    }
    return {
      h: shape.h === null ? null : (shape.h ? [[tag, shape.h]] : []),
      b: shape.b.map(function (piece) {
        return typeof piece === "string" ? [[tag, piece]] : oneSidedTable(piece, tag);
      })
    };
  }

  // Expand a pair of data.json into rows: {status, depth, old, new, moved, renumbered, ops,
  // layout}, old and new being [id, citation, title]. See compare_data() in
  // generator/render/pages.py.
  function expand(pair, data, newSlug) {
    var version = data.versions.filter(function (v) { return v.slug === newSlug; })[0];
    var next = 0, out = [];
    function take() {
      var p = version.provisions[next++];
      return { side: [p[0], p[1], p[1]], depth: p[2], text: data.texts[p[3]], shape: p[4] };
    }
    pair.rows.forEach(function (row) {
      if (typeof row === "number") {
        for (var k = 0; k < row; k++) {
          var p = take();
          out.push({ status: "unchanged", depth: p.depth, old: p.side, "new": p.side,
            ops: p.text ? [["=", p.text]] : [], layout: layoutOf(p.text, p.shape, "=") });
        }
      } else if (row[0] === "p") {
        var preamble = decodeOps(row[1], data.texts);
        var changedText = preamble.some(function (op) { return op[0] !== "="; });
        out.push({ status: changedText ? "amended" : "unchanged", depth: 0, old: null, "new": null,
          ops: preamble, preamble: true });
      } else {
        var status = STATUS[row[0]];
        var current = status === "repealed" ? null : take();
        var body = row[5], ops;
        if (Array.isArray(body)) ops = decodeOps(body, data.texts);
        else {
          var text = data.texts[body];
          ops = text ? [[status === "added" ? "+" : status === "repealed" ? "-" : "=", text]] : [];
        }
        // An amended or struck row brings its layout; an added or unchanged one has the
        // shape of its provision in the newer version.
        var lay = row[6] || (current ? layoutOf(current.text, current.shape, status === "added" ? "+" : "=") : null);
        out.push({ status: status, depth: row[1], old: row[2], "new": current && current.side,
          moved: !!row[3], renumbered: !!row[4], ops: ops, layout: lay });
      }
    });
    return out;
  }

  function tags(row) {
    var out = [];
    var names = { added: strings.added, repealed: strings.repealed, amended: strings.amended };
    if (names[row.status] && !row.preamble) out.push(el("span", { "class": "rl-tag rl-tag--" + row.status }, [names[row.status]]));
    var old = row.old;
    if (row.moved) out.push(el("span", { "class": "rl-tag rl-tag--moved" }, [strings.moved.replace("%(old)s", old[2] || old[0])]));
    else if (row.renumbered) out.push(el("span", { "class": "rl-tag rl-tag--renumbered" }, [strings.renumbered.replace("%(old)s", old[1] || old[0])]));
    return out;
  }

  function tableNode(table, side) {
    var gone = side === "old" ? "+" : side === "new" ? "-" : "";
    var columns = [];
    table.columns.forEach(function (tag, k) { if (tag !== gone) columns.push(k); });
    var head = null, body = el("tbody");
    table.rows.forEach(function (row, n) {
      if (row.status === GONE[side]) return;
      var tr = el("tr", { "class": "rl-tr rl-tr--" + row.status });
      columns.forEach(function (k) {
        var col = { "+": " rl-col--added", "-": " rl-col--repealed" }[table.columns[k]] || "";
        var attrs = { "class": "rl-cell" + col };
        if (n === 0) attrs.scope = "col";
        var cell = el(n === 0 ? "th" : "td", attrs, opsNodes(row.cells[k], side));
        if (k === columns[0] && side === "both" && (row.status === "added" || row.status === "repealed")) {
          cell.appendChild(document.createTextNode(" "));
          cell.appendChild(el("span", { "class": "rl-tag rl-tag--" + row.status },
            [row.status === "added" ? strings.added : strings.repealed]));
        }
        tr.appendChild(cell);
      });
      if (n === 0) head = el("thead", {}, [tr]); else body.appendChild(tr);
    });
    var table_ = el("table", { "class": "rl-grid" });
    if (head) table_.appendChild(head);
    if (body.childNodes.length) table_.appendChild(body);
    return table_;
  }

  function blockNodes(blocks, side) {
    var out = [];
    blocks.forEach(function (block) {
      if (!Array.isArray(block)) {
        if (block.rows.some(function (r) { return r.status !== GONE[side]; })) out.push(tableNode(block, side));
      } else if (side === "both" || shown(block, side)) {
        // A paragraph struck whole is marked, so the side-by-side view hides it.
        out.push(el("p", side === "both" && !shown(block, "new") ? { "class": "rl-gone" } : {}, opsNodes(block, side)));
      }
    });
    return out;
  }

  function layout(row) { return row.layout || { h: null, b: row.ops.length ? [row.ops] : [] }; }

  function number(row, side) {
    var own = row[side === "old" ? "old" : "new"] || row.old;
    if (side === "both" && row.renumbered && row.old && row["new"]) return [mark("del", row.old[1]), " ", mark("ins", row["new"][1])];
    return [own ? own[1] : ""];
  }

  // A row's cells as the redline page draws them (see page_rows() in
  // generator/render/fragments.py): the merged text (struck and inserted words in one flow),
  // and for a changed row the older version's text beside it.
  function mergedCell(row) {
    var lay = layout(row), out = [], t = tags(row);
    if (lay.h) {
      var level = Math.min(3 + row.depth, 6);
      out.push(el("h" + level, { "class": "rl-heading" }, [el("b", {}, number(row, "both")), " "].concat(opsNodes(lay.h, "both"))));
      if (t.length) out.push(el("p", { "class": "rl-meta" }, t));
    } else if (t.length) {
      out.push(el("p", { "class": "rl-meta" }, [el("b", {}, number(row, "both")), " "].concat(t)));
    } else if (row["new"] || row.old) {  // a number alone is its own line
      out.push(el("b", {}, number(row, "both")));
    }
    return out.concat(blockNodes(lay.b, "both"));
  }

  function oldCell(row, label) {
    var lay = layout(row);
    var t = row.status === "repealed" ? tags(row) : [];
    var num = el("b", {}, number(row, "old"));
    var top = lay.h
      ? el("p", { "class": "rl-meta rl-meta--heading" }, [num, " "].concat(opsNodes(lay.h, "old"), t.length ? [" "] : [], t))
      : el("p", { "class": "rl-meta" }, [num].concat(t.length ? [" "] : [], t));
    return [el("span", { "class": "rl-side" }, [label]), top].concat(blockNodes(lay.b, "old"));
  }

  function changed(row) { return row.status !== "unchanged" || row.moved || row.renumbered; }

  function anchor(row) {
    var side = row["new"] || row.old;
    return "rl-" + (side ? side[0] : "preamble");
  }

  // Every row, in the one structure the three views share; the view is the box's class
  // (the stylesheet does the rest, as on a redline page). A fold says how many unchanged
  // provisions it stands for and links to the first in the inline view.
  function render(rows, view, oldLabel, newLabel, address) {
    var box = el("div", { "class": "redline redline--" + view });
    if (strings.lang) box.setAttribute("lang", strings.lang);
    var tbody = el("tbody"), run = 0, foldRow = null;
    rows.forEach(function (row) {
      var depth = row.depth ? { "data-depth": row.depth } : {};
      if (!changed(row)) {
        if (!run) {
          foldRow = el("tr", { "class": "rl-fold" });
          tbody.appendChild(foldRow);
          foldRow.link = el("a", { href: address + "#" + anchor(row) });
          foldRow.appendChild(el("td", { colspan: "2" }, [foldRow.link]));
        }
        run += 1;
        foldRow.link.textContent = counted("unchanged", run);
        tbody.appendChild(el("tr", Object.assign({ id: anchor(row), "class": "same" }, depth), [
          el("td", { colspan: "2" }, mergedCell(row))]));
        return;
      }
      run = 0;
      var classes = row.status + (row.moved ? " moved" : "");
      tbody.appendChild(el("tr", Object.assign({ id: anchor(row), "class": classes }, depth), [
        el("td", { "class": "rl-old" }, row.old || row.preamble ? oldCell(row, oldLabel) : []),
        el("td", { "class": "rl-new" }, (row["new"] || row.preamble ? [el("span", { "class": "rl-side" }, [newLabel])] : []).concat(mergedCell(row)))
      ]));
    });
    box.appendChild(el("table", { "class": "rl-table" }, [
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, [oldLabel]), el("th", { scope: "col" }, [newLabel])])]), tbody]));
    return box;
  }

  function summaryText(counts) {
    var keys = ["amended", "added", "repealed", "moved", "renumbered"], parts = [];
    keys.forEach(function (key, i) { if (counts[i]) parts.push(counted(key, counts[i])); });
    return parts.length ? parts.join(", ") : strings.none;
  }

  function load() {
    if (!dataPromise) {
      dataPromise = fetch(form.dataset.data).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return dataPromise;
  }

  function option(slug) {
    return Array.prototype.filter.call(form.elements.old.options, function (o) { return o.value === slug; })[0];
  }

  // Draw the comparison the form (or the address) names; `how` says whether the address
  // gets a new history entry ("push"), is already right ("keep"), or a page opens instead.
  function show(oldSlug, newSlug, view, how) {
    errorBox.textContent = "";
    if (oldSlug === newSlug) { errorBox.textContent = strings.same; return; }
    var order = Array.prototype.map.call(form.elements.old.options, function (o) { return o.value; });
    if (order.indexOf(oldSlug) > order.indexOf(newSlug)) { var t = oldSlug; oldSlug = newSlug; newSlug = t; }
    var slug = oldSlug + ".." + newSlug;
    load().then(function (data) {
      var pair = data.pairs[slug];
      if (!pair) {  // pre-rendered: open its page
        var page = form.dataset.base + slug + "/" + (view === "inline" ? "" : "#" + view);
        if (how === "keep") window.location.replace(page); else window.location.href = page;
        return;
      }
      if (how === "push") {
        var query = "?old=" + encodeURIComponent(oldSlug) + "&new=" + encodeURIComponent(newSlug) + "&view=" + encodeURIComponent(view);
        window.history.pushState({ old: oldSlug, "new": newSlug, view: view }, "", query);
      }
      var labels = {};
      data.versions.forEach(function (v) { labels[v.slug] = v.label; });
      result.textContent = "";
      var title = strings.title.replace("%(old)s", labels[oldSlug]).replace("%(old_date)s", option(oldSlug).dataset.date)
        .replace("%(new)s", labels[newSlug]).replace("%(new_date)s", option(newSlug).dataset.date);
      result.appendChild(el("h2", { id: "result-title", tabindex: "-1" }, [title]));
      result.appendChild(el("p", { "class": "rl-summary" }, [el("strong", {}, [summaryText(pair.summary)])]));
      result.appendChild(template.content.querySelector(".rl-legend").cloneNode(true));
      var inline = "?old=" + encodeURIComponent(oldSlug) + "&new=" + encodeURIComponent(newSlug) + "&view=inline";
      result.appendChild(render(expand(pair, data, newSlug), view, labels[oldSlug], labels[newSlug], inline));
      var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
      if (how === "push") document.getElementById("result-title").focus();
      else if (target) target.scrollIntoView();  // a fold's link: the row it names
    }).catch(function () { errorBox.textContent = strings.failed; });
  }

  // The address names a comparison: choose it in the form and draw it.
  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    var oldSlug = params.get("old"), newSlug = params.get("new"), view = params.get("view") || "inline";
    if (!oldSlug || !newSlug || !option(oldSlug) || !option(newSlug)) { result.textContent = ""; return; }
    if (VIEWS.indexOf(view) < 0) view = "inline";
    form.elements.old.value = oldSlug;
    form.elements["new"].value = newSlug;
    form.elements.view.value = view;
    show(oldSlug, newSlug, view, "keep");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(form.elements.old.value, form.elements["new"].value, form.elements.view.value, "push");
  });
  window.addEventListener("popstate", fromAddress);
  fromAddress();
})();
