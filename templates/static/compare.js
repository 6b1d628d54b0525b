// Compare any two versions of a draft. Pairs the site pre-renders (each version against the
// previous and the current one) are opened as pages; any other pair is drawn here from
// compare/data.json, in the same three views. Without JavaScript the list of pages remains.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form || !window.fetch) return;
  form.hidden = false;
  var strings = document.getElementById("compare-strings").dataset;
  var result = document.getElementById("compare-result");
  var errorBox = document.getElementById("compare-error");
  var dataPromise = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
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

  var STATUS = { u: "unchanged", m: "amended", a: "added", r: "repealed" };

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

  // Expand a pair of data.json into rows: {status, depth, old, new, moved, renumbered, ops},
  // old and new being [id, label, title]. See compare_data() in generator/render/pages.py.
  function expand(pair, data, newSlug) {
    var version = data.versions.filter(function (v) { return v.slug === newSlug; })[0];
    var next = 0, out = [];
    function take() {
      var p = version.provisions[next++];
      return { side: [p[0], p[1], p[1]], depth: p[2], text: data.texts[p[3]] };
    }
    pair.rows.forEach(function (row) {
      if (typeof row === "number") {
        for (var k = 0; k < row; k++) {
          var p = take();
          out.push({ status: "unchanged", depth: p.depth, old: p.side, "new": p.side,
            ops: p.text ? [["=", p.text]] : [] });
        }
      } else if (row[0] === "p") {
        out.push({ status: "amended", depth: 0, old: null, "new": null, ops: decodeOps(row[1], data.texts) });
      } else {
        var status = STATUS[row[0]];
        var current = status === "repealed" ? null : take();
        var body = row[5], ops;
        if (Array.isArray(body)) ops = decodeOps(body, data.texts);
        else {
          var text = data.texts[body];
          ops = text ? [[status === "added" ? "+" : status === "repealed" ? "-" : "=", text]] : [];
        }
        out.push({ status: status, depth: row[1], old: row[2], "new": current && current.side,
          moved: !!row[3], renumbered: !!row[4], ops: ops });
      }
    });
    return out;
  }

  function tags(row) {
    var out = [];
    var names = { added: strings.added, repealed: strings.repealed, amended: strings.amended };
    if (names[row.status]) out.push(el("span", { "class": "rl-tag" }, [names[row.status]]));
    var old = row.old;
    if (row.moved) out.push(el("span", { "class": "rl-tag rl-tag--moved" }, [strings.moved.replace("%(old)s", old[2] || old[0])]));
    else if (row.renumbered) out.push(el("span", { "class": "rl-tag rl-tag--renumbered" }, [strings.renumbered.replace("%(old)s", old[1] || old[0])]));
    return out;
  }

  function inlineRow(row) {
    var side = row["new"] || row.old;
    var num = row.renumbered && row.old && row["new"] ? [mark("del", row.old[1]), " ", mark("ins", row["new"][1])] : [side ? side[1] : ""];
    return el("div", { "class": "rl-row rl-row--" + row.status + (row.moved ? " rl-row--moved" : ""), "data-depth": row.depth }, [
      el("p", { "class": "rl-meta" }, [el("span", { "class": "rl-num" }, num), " "].concat(tags(row))),
      el("p", { "class": "rl-text" }, opsNodes(row.ops, "both"))
    ]);
  }

  function changed(row) { return row.status !== "unchanged" || row.moved || row.renumbered; }

  function render(rows, view, oldLabel, newLabel) {
    var box = el("div", { "class": "redline redline--" + view });
    if (strings.lang) box.setAttribute("lang", strings.lang);
    if (view === "side-by-side") {
      var tbody = el("tbody");
      rows.forEach(function (row) {
        tbody.appendChild(el("tr", { "class": "rl-row--" + row.status, "data-depth": row.depth }, [
          el("td", { "class": "rl-old" }, row.old ? [el("p", { "class": "rl-meta" }, [row.old[1]]), el("p", { "class": "rl-text" }, opsNodes(row.ops, "old"))] : []),
          el("td", { "class": "rl-new" }, row["new"] ? [el("p", { "class": "rl-meta" }, [row["new"][1], " "].concat(tags(row))), el("p", { "class": "rl-text" }, opsNodes(row.ops, "new"))] : [])
        ]));
      });
      box.appendChild(el("table", { "class": "rl-table" }, [
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, [oldLabel]), el("th", { scope: "col" }, [newLabel])])]), tbody]));
    } else {
      var folded = 0;
      var fold = function () {
        if (folded) box.appendChild(el("p", { "class": "rl-fold" }, [folded + " " + strings.unchanged]));
        folded = 0;
      };
      rows.forEach(function (row) {
        if (view === "changes" && !changed(row)) { folded += 1; return; }
        fold();
        box.appendChild(inlineRow(row));
      });
      fold();
    }
    return box;
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errorBox.textContent = "";
    var oldSlug = form.elements.old.value, newSlug = form.elements["new"].value, view = form.elements.view.value;
    if (oldSlug === newSlug) { errorBox.textContent = strings.same; return; }
    var order = Array.prototype.map.call(form.elements.old.options, function (o) { return o.value; });
    if (order.indexOf(oldSlug) > order.indexOf(newSlug)) { var t = oldSlug; oldSlug = newSlug; newSlug = t; }
    var slug = oldSlug + ".." + newSlug;
    load().then(function (data) {
      var pair = data.pairs[slug];
      if (!pair) {  // pre-rendered: open its page
        window.location.href = form.dataset.base + slug + "/" + (view === "inline" ? "" : view + "/");
        return;
      }
      var labels = {};
      data.versions.forEach(function (v) { labels[v.slug] = v.label; });
      result.textContent = "";
      var title = strings.title.replace("%(old)s", labels[oldSlug]).replace("%(new)s", labels[newSlug]);
      result.appendChild(el("h2", { id: "result-title", tabindex: "-1" }, [title]));
      result.appendChild(render(expand(pair, data, newSlug), view, labels[oldSlug], labels[newSlug]));
      document.getElementById("result-title").focus();
    }).catch(function () { errorBox.textContent = strings.failed; });
  });
})();
