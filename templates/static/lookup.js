/* Docket tracking-number lookup (render/lookup.py, comments/sealed.py).
 *
 * The number never leaves the browser: it is stretched with PBKDF2 (the site's salt and
 * rounds, from the page), two HMACs give the record's name and its AES-GCM key, and only the
 * file the name falls in is fetched, once per draft that has comments. A record that opens is
 * the reader's own; nothing else can be read from the files. The number may come in the
 * address's fragment (lookup/#DKT-2026-7K3M-9QXP: a fragment is never sent to a server), as
 * the notice emails link it.
 *
 * Everything shown is set with textContent: a record holds what a commenter, a moderator or
 * staff wrote, and none of it is ever parsed as HTML.
 */
(() => {
  "use strict";

  const root = document.getElementById("lookup");
  if (!root) return;
  const strings = JSON.parse(document.getElementById("lookup-strings").textContent);
  const fallback = document.getElementById("lookup-fallback");
  const form = document.getElementById("lookup-form");
  const input = document.getElementById("lookup-number");
  const status = document.getElementById("lookup-status");
  const result = document.getElementById("lookup-result");
  const rating = document.getElementById("rating");
  const $ = (id) => document.getElementById(id);
  const say = (el, text) => { el.textContent = text; };
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));

  const subtle = window.crypto && window.crypto.subtle;
  fallback.hidden = true;
  root.hidden = false;
  if (!subtle) {
    form.hidden = true;
    say(status, strings.unsupported);
    return;
  }

  const enc = new TextEncoder();
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const fromBase64url = (text) => {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  };
  const CONFUSED = { O: "0", I: "1", L: "1", U: "V" };

  // As comments/sealed.py's normal_number: upper case, spaces as hyphens, and in a number
  // of Docket's shape the letters a person mistakes for digits read as the digits.
  const normal = (text) => {
    const number = text.trim().toUpperCase().split(/\s+/).filter(Boolean).join("-");
    const parts = number.split("-");
    const read = (p) => p.replace(/[OILU]/g, (c) => CONFUSED[c]);
    if (parts.length === 4 && /^\d+$/.test(read(parts[1]))) {
      return [parts[0], ...parts.slice(1).map(read)].join("-");
    }
    return number;
  };

  const hmac = async (keyBytes, message) => {
    const key = await subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return subtle.sign("HMAC", key, enc.encode(message));
  };

  const derive = async (number) => {
    const base = await subtle.importKey("raw", enc.encode(number), "PBKDF2", false, ["deriveBits"]);
    const master = await subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: enc.encode(root.dataset.salt),
        iterations: Number(root.dataset.iterations) },
      base, 256);
    const name = hex(await hmac(master, "docket-lookup name")).slice(0, 32);
    const keyBytes = await hmac(master, "docket-lookup key");
    const key = await subtle.importKey("raw", keyBytes, "AES-GCM", false, ["decrypt"]);
    return { name, key };
  };

  const open = async (sealed, name, key) => {
    const raw = fromBase64url(sealed);
    const plain = await subtle.decrypt(
      { name: "AES-GCM", iv: raw.slice(0, 12), additionalData: enc.encode(name) }, key, raw.slice(12));
    return JSON.parse(new TextDecoder().decode(plain));
  };

  const drafts = JSON.parse(root.dataset.drafts);
  const findRecord = async (name, key) => {
    for (const [slug, chars] of drafts) {
      const shard = chars ? name.slice(0, chars) : "all";
      const response = await fetch(`${root.dataset.data}${slug}/lookup/${shard}.json`, { cache: "no-cache" });
      if (response.status === 404) continue;
      if (!response.ok) throw new Error(`status ${response.status}`);
      const data = await response.json();
      const sealed = data.records && data.records[name];
      if (sealed) return open(sealed, name, key);
    }
    return null;
  };

  const language = strings.language;
  const when = (iso) => {
    try {
      return new Intl.DateTimeFormat(language, {
        year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit",
        timeZone: strings.timezone, timeZoneName: "short" }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  };
  const site = root.dataset.site === "./" ? "" : root.dataset.site;
  const link = (path) => (/^https?:/.test(path) ? path : site + path);

  const show = (number, record) => {
    say($("lookup-result-number"), number);
    const draft = $("lookup-draft");
    say(draft, record.title);
    draft.href = link(record.draft_url);
    if (record.lang) draft.lang = record.lang; else draft.removeAttribute("lang");
    say($("lookup-provision"), record.provision || strings.whole);
    say($("lookup-received"), when(record.received) + (record.late ? ` ${strings.late}` : ""));
    const state = $("lookup-state");
    state.textContent = "";
    if (record.status === "rejected" && record.reason) {
      say(state, fill(strings.rejected_because, { reason: record.reason }));
    } else {
      say(state, record.response ? strings.status.answered : (strings.status[record.status] || record.status));
    }
    if (record.status === "published" && record.comments_url) {
      const a = document.createElement("a");
      a.href = link(record.comments_url);
      a.textContent = strings.see_published;
      state.append(" · ", a);
    }
    const answer = record.response;
    $("lookup-response").hidden = !answer;
    if (answer) {
      for (const id of ["lookup-summary", "lookup-reason"]) {
        if (record.lang) $(id).lang = record.lang; else $(id).removeAttribute("lang");
      }
      say($("lookup-summary"), answer.summary);
      say($("lookup-outcome"), strings.results[answer.result] || answer.result);
      say($("lookup-reason"), answer.reason);
      $("lookup-response-link").href = link(answer.url);
    }
    result.hidden = false;
    if (rating) {
      rating.hidden = !answer;
      $("rating-tracking").value = record.id;
      say($("rating-status"), "");
    }
    result.focus();
  };

  // With the built-in intake: a number it holds that no import has brought in yet.
  const receivedOnly = async (number) => {
    if (!root.dataset.receipts) return false;
    try {
      const response = await fetch(`${root.dataset.receipts}/${encodeURIComponent(number)}`, {
        headers: { Accept: "application/json" }, cache: "no-store" });
      if (response.status === 429) { say(status, strings.too_many); return true; }
      if (!response.ok) return false;
      const data = await response.json();
      say(status, fill(strings.received_only, { number: data.tracking, received: when(data.received_at) }));
      return true;
    } catch (e) {
      return false;
    }
  };

  const lookUp = async () => {
    const number = normal(input.value);
    result.hidden = true;
    if (rating) rating.hidden = true;
    if (!number) { say(status, strings.empty); input.focus(); return; }
    say(status, strings.working);
    try {
      const { name, key } = await derive(number);
      const record = await findRecord(name, key);
      if (record) {
        say(status, fill(strings.found, { number }));
        show(number, record);
      } else if (!(await receivedOnly(number))) {
        say(status, fill(strings.not_found, { number }));
      }
    } catch (e) {
      say(status, strings.failed);
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (window.location.hash.slice(1) !== normal(input.value)) {
      // Keep the number in the fragment (never sent to a server), so a reload shows it again.
      history.replaceState(null, "", `#${normal(input.value)}`);
    }
    lookUp();
  });

  const fromHash = decodeURIComponent(window.location.hash.slice(1));
  if (fromHash) {
    input.value = fromHash;
    lookUp();
  }

  const ratingForm = $("rating-form");
  if (ratingForm && ratingForm.dataset.fetch) {
    ratingForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = $("rating-status");
      const data = new FormData(ratingForm);
      if (!data.get("rating")) { say(out, strings.choose); return; }
      const button = ratingForm.querySelector("button[type=submit]");
      button.disabled = true;
      say(out, strings.sending);
      const url = new URL(ratingForm.action, window.location.href);
      url.searchParams.set("lang", ratingForm.dataset.lang);
      try {
        const response = await fetch(url, {
          method: "POST", body: new URLSearchParams(data), headers: { Accept: "application/json" } });
        const body = await response.json().catch(() => ({}));
        say(out, response.ok ? strings.rated
          : fill(strings.rating_failed, { reason: body.message || `error ${response.status}` }));
      } catch (e) {
        say(out, strings.rating_network);
      } finally {
        button.disabled = false;
      }
    });
  }
})();
