/* Docket comment form: progressive enhancement only; the form works without this file.
 *
 * - Re-checks the comment period against the reader's clock: a static page can be older
 *   than the deadline. Blocks marked data-when="open late" etc. show in those states.
 * - Preselects the provision named by ?provision= (the "Comment" links beside provisions),
 *   cites it in the heading and quotes its text above the comment box (from
 *   the draft's open data, data/<slug>/draft.json, fetched once when a provision is first
 *   chosen).
 * - Counts characters, validates inline with an error summary, and (for the built-in intake
 *   service) sends with fetch and shows the tracking number in place.
 * - Keeps the form still while a person corrects it (see "Correcting" below).
 * Nothing the reader typed, and no provision text, is ever inserted as HTML: only
 * textContent is set.
 */
(() => {
  "use strict";

  const periodState = (el, now) => {
    const opens = Date.parse(el.dataset.opens);
    const closes = Date.parse(el.dataset.closes);
    if (now < opens) return "upcoming";
    if (now > closes) return el.dataset.allowLate === "true" ? "late" : "closed";
    return "open";
  };

  const applyWindow = (el) => {
    const state = periodState(el, Date.now());
    for (const block of el.querySelectorAll("[data-when]")) {
      block.hidden = !block.dataset.when.split(" ").includes(state);
    }
    const closed = state !== "open" && state !== "late";
    document.documentElement.classList.toggle("comments-closed", closed);
    // The draft page's own "Open for comment" banner was true when the page was built.
    for (const banner of document.querySelectorAll(".banner--open:not([data-when])")) {
      if (closed) banner.hidden = true;
    }
    return state;
  };

  const windows = document.querySelectorAll("[data-comment-window]");
  windows.forEach(applyWindow);

  const wanted = new URLSearchParams(window.location.search).get("provision");
  const select = document.getElementById("c-provision");
  if (wanted && select && [...select.options].some((o) => o.value === wanted)) {
    select.value = wanted;
  }
  const frame = document.querySelector("iframe[data-provision-param]");
  if (wanted && frame) {
    const src = new URL(frame.src);
    src.searchParams.set(frame.dataset.provisionParam, wanted);
    frame.src = src.toString();
  }

  const form = document.getElementById("comment-form");
  if (!form || form.tagName !== "FORM") return;
  const messages = JSON.parse(document.getElementById("comment-messages").textContent);
  const win = form.closest("[data-comment-window]");
  const summary = document.getElementById("comment-errors");
  const button = form.querySelector("button[type=submit]");
  const field = (name) => form.querySelector(`[data-field="${name}"]`);
  const input = (name) => document.getElementById(`c-${name}`);
  form.noValidate = true;

  // Nothing may move under the pointer. A field's change event fires on the blur that a
  // mouse-down on another control causes; a layout change then would move that control
  // between mouse-down and mouse-up, and the click would be lost. So a change that can move
  // things waits until the button is released and its click delivered.
  let pointerDown = false;
  const waiting = [];
  const whenPointerFree = (change) => {
    if (pointerDown) waiting.push(change);
    else change();
  };
  const released = () => {
    pointerDown = false;
    setTimeout(() => {
      while (waiting.length && !pointerDown) waiting.shift()();
    }, 0);
  };
  document.addEventListener("pointerdown", () => { pointerDown = true; }, true);
  document.addEventListener("pointerup", released, true);
  document.addEventListener("pointercancel", released, true);

  // The provision being commented on: its citation in the heading, its text quoted above
  // the comment box. The select alone works without this (and without JavaScript).
  const quote = document.getElementById("c-provision-quote");
  if (select && quote) {
    const subject = document.getElementById("comment-subject");
    const unnamed = subject ? [...subject.childNodes].map((node) => node.cloneNode(true)) : [];
    const caption = document.getElementById("c-provision-caption");
    const words = document.getElementById("c-provision-text");
    const link = document.getElementById("c-provision-link");
    const draftPage = link.getAttribute("href");
    const readIt = link.textContent;
    const MAX_LINES = 12;  // a long part or chapter is quoted in part, with a link to the rest
    const MAX_CHARS = 1500;
    let texts = null;
    // The draft's open data (data/<slug>/draft.json): its current version's provisions, each
    // a row of the values its provision_fields names, their words an index into its texts;
    // read here as [id, depth, citation, label (with the space that follows it in print:
    // a full-width one after 第三条), text].
    const rowsOf = (data) => {
      const at = Object.fromEntries(data.provision_fields.map((name, i) => [name, i]));
      const current = data.versions.find((v) => v.current) || data.versions[data.versions.length - 1];
      return current.provisions.map((row) => {
        const label = row[at.label].trim();
        const spaced = label ? label + (label.startsWith("第") ? "\u3000" : " ") : "";
        return [row[at.id], row[at.depth], row[at.citation], spaced, data.texts[row[at.text]]];
      });
    };
    const load = () => {
      texts = texts || fetch(quote.dataset.src, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          const rows = rowsOf(data);
          return { rows, at: new Map(rows.map((row, i) => [row[0], i])) };
        });
      return texts.catch((problem) => {
        texts = null;  // try again on the next choice
        throw problem;
      });
    };
    // A message with the citation in it, the citation marked as the draft's language.
    const citing = (message, citation) => {
      const [before, after = ""] = message.split("{citation}");
      const cite = document.createElement("span");
      cite.lang = words.lang;
      cite.textContent = citation;
      return [before, cite, after];
    };
    // The provision's own words, then those of the provisions inside it (an article's 款,
    // a section's subsections). A label with no words of its own (第二条) leads the next line.
    const lines = (rows, i) => {
      const depth = rows[i][1];
      const out = [];
      let lead = "";
      let chars = 0;
      for (let j = i; j < rows.length && (j === i || rows[j][1] > depth); j += 1) {
        if (out.length >= MAX_LINES || chars >= MAX_CHARS) return { out, more: true };
        const [, , , label, text] = rows[j];
        if (!text) {
          lead += label;
          continue;
        }
        out.push(lead + label + text);
        chars += out[out.length - 1].length;
        lead = "";
      }
      if (lead) out.push(lead.trim());
      return { out, more: false };
    };
    let asked = 0;  // the latest choice wins over a slower answer to an earlier one
    const show = async (id) => {
      const ticket = ++asked;
      if (!id) {
        if (subject) subject.replaceChildren(...unnamed.map((node) => node.cloneNode(true)));
        whenPointerFree(() => { quote.hidden = true; });
        return;
      }
      let data;
      try {
        data = await load();
      } catch {
        return;  // the select still says which provision it is
      }
      const i = data.at.get(id);
      if (ticket !== asked || i === undefined) return;
      const citation = data.rows[i][2];
      const { out, more } = lines(data.rows, i);
      const paragraphs = out.map((line) => {
        const p = document.createElement("p");
        p.textContent = line;
        return p;
      });
      if (more) {
        const p = document.createElement("p");
        p.textContent = "…";
        paragraphs.push(p);
      }
      if (subject) subject.replaceChildren(...citing(messages.comment_on, citation));
      whenPointerFree(() => {
        caption.replaceChildren(...citing(messages.text_of, citation));
        words.replaceChildren(...paragraphs);
        link.href = `${draftPage}#${encodeURIComponent(id)}`;
        link.textContent = more ? messages.read_rest : readIt;
        quote.hidden = false;
      });
    };
    select.addEventListener("change", () => show(select.value));
    if (select.value) show(select.value);
  }

  // Character counter: the browser's maxlength would silently cut a pasted text, so the
  // limit is shown and enforced here instead (and again on the server).
  const text = input("comment");
  const max = Number(text.dataset.max);
  const count = document.getElementById("c-comment-count");
  const live = document.getElementById("c-comment-count-live");
  const length = () => [...text.value].length;
  const countMessage = () => {
    const left = max - length();
    return (left >= 0 ? messages.left : messages.over)
      .replace("{n}", Math.abs(left).toLocaleString());
  };
  let announce;
  const updateCount = () => {
    count.textContent = countMessage();
    count.classList.toggle("char-count--over", length() > max);
    clearTimeout(announce);
    announce = setTimeout(() => { live.textContent = countMessage(); }, 1000);
  };
  text.removeAttribute("maxlength");
  count.hidden = false;
  text.setAttribute("aria-describedby", `${text.getAttribute("aria-describedby")} c-comment-count`);
  count.textContent = countMessage();
  text.addEventListener("input", updateCount);

  const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const checks = {
    comment: () => {
      if (!text.value.trim()) return messages.required_comment;
      if (length() > max) return messages.too_long;
      return "";
    },
    name: () => (input("name").value.trim() ? "" : messages.required_name),
    email: () => {
      const value = input("email").value.trim();
      if (!value) return messages.required_email;
      return emailPattern.test(value) ? "" : messages.invalid_email;
    },
    respondent_type: () => {
      if (!field("respondent_type")) return "";
      return form.querySelector("[data-field=respondent_type] input:checked")
        ? "" : messages.required_respondent_type;
    },
  };

  // The element a field's error describes, and the one the summary's link focuses.
  const target = (name) => name === "respondent_type"
    ? form.querySelector("[data-field=respondent_type] input") : input(name);

  // A field's error: its line (tied to the field by aria-describedby), aria-invalid, and
  // the margin that marks the field. Set this way on a submit, when the form may move.
  const setError = (name, message) => {
    const box = field(name);
    const error = document.getElementById(`c-${name}-error`);
    if (!box || !error) return false;
    const described = name === "respondent_type" ? box : input(name);
    const ids = (described.getAttribute("aria-describedby") || "").split(" ")
      .filter((id) => id && id !== error.id);
    if (message) ids.push(error.id);
    described.setAttribute("aria-describedby", ids.join(" "));
    error.textContent = message;
    error.hidden = !message;
    error.classList.remove("field-error--fixed");
    error.style.height = error.style.minHeight = "";
    delete error.dataset.space;
    box.classList.remove("field--fixed");
    box.classList.toggle("field--error", Boolean(message));
    for (const el of box.querySelectorAll("input, textarea, select")) {
      if (message) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    }
    return true;
  };

  // Correcting: after a failed submit, a field that was wrong is re-checked as the reader
  // fixes it, and its state follows at once (aria-invalid, its description, the summary),
  // but not its layout: the error line keeps its space and says "Fixed", the field keeps its
  // margin in a calmer colour, and the summary's entry is struck through and marked
  // "(fixed)" for screen readers. Everything settles on the next submit. A fixed field made
  // wrong again shows its error in the same space (waiting for the pointer, if it grew).
  const summaryItem = (name) => summary.querySelector(`li[data-for="${name}"]`);
  const correct = (name, message) => {
    const box = field(name);
    const error = document.getElementById(`c-${name}-error`);
    if (!box || !error) return;
    // The line's space as the error first had it: the short "Fixed" takes exactly that
    // height; an error shown again takes at least that.
    if (!error.dataset.space) error.dataset.space = String(error.getBoundingClientRect().height);
    error.style.height = message ? "" : `${error.dataset.space}px`;
    error.style.minHeight = message ? `${error.dataset.space}px` : "";
    const described = name === "respondent_type" ? box : input(name);
    const ids = (described.getAttribute("aria-describedby") || "").split(" ")
      .filter((id) => id && id !== error.id);
    if (message) ids.push(error.id);
    described.setAttribute("aria-describedby", ids.join(" "));
    error.textContent = message || messages.fixed;
    error.classList.toggle("field-error--fixed", !message);
    box.classList.toggle("field--error", Boolean(message));
    box.classList.toggle("field--fixed", !message);
    for (const el of box.querySelectorAll("input, textarea, select")) {
      if (message) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    }
    const item = summaryItem(name);
    const link = item && item.querySelector("a");
    if (link) {
      item.classList.toggle("is-fixed", !message);
      link.replaceChildren(link.dataset.message);  // as submitted: its size stays
      if (!message) {
        const note = document.createElement("span");
        note.className = "visually-hidden";
        note.textContent = ` ${messages.fixed_hidden}`;
        link.append(note);
      }
    }
  };

  const showSummary = (errors) => {
    const list = summary.querySelector("ul");
    list.replaceChildren();
    for (const [name, message] of errors) {
      const item = document.createElement("li");
      const el = name && target(name);
      if (el) {
        item.dataset.for = name;  // (not data-field: that names the fields themselves)
        const link = document.createElement("a");
        link.href = `#${el.id}`;
        link.textContent = message;
        link.dataset.message = message;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          el.focus();
          (field(name) || el).scrollIntoView({ block: "center" });
        });
        item.append(link);
      } else {
        item.textContent = message;
      }
      list.append(item);
    }
    summary.hidden = errors.length === 0;
    if (errors.length) summary.focus();
  };

  const validate = () => {
    const errors = [];
    for (const [name, check] of Object.entries(checks)) {
      const message = check();
      setError(name, message);
      if (message) errors.push([name, message]);
    }
    return errors;
  };

  // Once a field shows an error, re-check it as the reader fixes it (see Correcting).
  for (const name of Object.keys(checks)) {
    const box = field(name);
    if (!box) continue;
    box.addEventListener("change", () => {
      if (!box.classList.contains("field--error") && !box.classList.contains("field--fixed")) return;
      const message = checks[name]();
      if (!message) correct(name, "");  // keeps the layout: at once
      else whenPointerFree(() => correct(name, checks[name]()));
    });
  }

  const receipt = document.getElementById("comment-receipt");
  const showReceipt = (body, response) => {
    document.getElementById("comment-tracking").textContent = body.tracking || "";
    // The receipt's own address (the service's Location), to keep or bookmark.
    const link = document.getElementById("comment-receipt-link");
    const location = response.headers.get("Location");
    if (link && body.tracking && location) {
      link.href = new URL(location, response.url).href;
      link.parentElement.hidden = false;
    }
    // Where to follow it later: the site's lookup, opened on this number.
    const follow = document.getElementById("comment-lookup-link");
    if (follow && body.tracking) {
      follow.href = follow.getAttribute("href").split("#")[0] + "#" + encodeURIComponent(body.tracking);
      follow.parentElement.hidden = false;
    }
    document.getElementById("comment-late").hidden = !body.late;
    form.hidden = true;
    receipt.hidden = false;
    receipt.focus();
    receipt.scrollIntoView({ block: "start" });
  };

  const send = async () => {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = messages.sending;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        showReceipt(body, response);
        return;
      }
      // The service answered: say what it said (a reason for a 4xx), or which error it was;
      // only a request that got no answer at all is a network problem.
      const errors = Object.entries(body.fields || {});
      for (const [name, message] of errors) setError(name, message);
      const fallback = (response.status >= 500 ? messages.server : messages.refused)
        .replace("{status}", String(response.status));
      showSummary(errors.length ? errors : [[null, body.message || fallback]]);
    } catch {
      showSummary([[null, messages.failed]]);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  };

  form.addEventListener("submit", (event) => {
    const state = win ? applyWindow(win) : "open";
    if (state !== "open" && state !== "late") {
      event.preventDefault();
      return;
    }
    const errors = validate();
    showSummary(errors);
    if (errors.length) {
      event.preventDefault();
      return;
    }
    if (form.dataset.fetch === "true" && window.fetch) {
      event.preventDefault();
      send();
    }
  });
})();
