/* Docket comment form: progressive enhancement only; the form works without this file.
 *
 * - Re-checks the comment period against the reader's clock: a static page can be older
 *   than the deadline. Blocks marked data-when="open late" etc. show in those states.
 * - Preselects the provision named by ?provision= (the "Comment" links beside provisions).
 * - Counts characters, validates inline with an error summary, and (for the built-in intake
 *   service) sends with fetch and shows the tracking number in place.
 * Nothing the reader typed is ever inserted as HTML: only textContent is set.
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
    box.classList.toggle("field--error", Boolean(message));
    for (const el of box.querySelectorAll("input, textarea, select")) {
      if (message) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    }
    return true;
  };

  const showSummary = (errors) => {
    const list = summary.querySelector("ul");
    list.replaceChildren();
    for (const [name, message] of errors) {
      const item = document.createElement("li");
      const el = name && target(name);
      if (el) {
        const link = document.createElement("a");
        link.href = `#${el.id}`;
        link.textContent = message;
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

  // Once a field shows an error, re-check it as the reader fixes it.
  for (const name of Object.keys(checks)) {
    const box = field(name);
    if (!box) continue;
    box.addEventListener("change", () => {
      if (box.classList.contains("field--error")) setError(name, checks[name]());
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
