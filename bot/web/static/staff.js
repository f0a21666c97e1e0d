/* Policy lookup for WIJ staff (/medewerkers): search the FAQ, compare versions, see changes.
 * Uses GET /api/search, /api/versions and /api/changes on the same origin. All data from the
 * API is shown as text (textContent / DOM nodes), never as HTML. */
(() => {
  "use strict";

  const TEXTS = {
    found: (n, q) => `${n} ${n === 1 ? "vraag" : "vragen"} gevonden voor ‘${q}’`,
    none: (q) => `Geen vragen gevonden voor ‘${q}’. Probeer een ander woord.`,
    empty: "Typ een of meer zoekwoorden.",
    searchError: "Het zoeken lukt nu niet. Probeer het later opnieuw.",
    version: (v) => `Versie ${v.label}, vraag ${v.number}`,
    changedSince: (label) => `gewijzigd t.o.v. ${label}`,
    unchanged: "ongewijzigd",
    section: "Onderdeel: ",
    summary: "Kort antwoord",
    official: "Officiële tekst",
    showChanges: "Toon wijzigingen",
    diffLegend: (label) => `Wijzigingen t.o.v. ${label}: doorgestreept is verwijderd, ` +
      "onderstreept is toegevoegd.",
    deleted: "verwijderd: ",
    inserted: "toegevoegd: ",
    diffEnd: " (einde wijziging)",
    loading: "Bezig met laden…",
    changesError: "De wijzigingen kunnen nu niet worden opgehaald. Probeer het later opnieuw.",
    oneVersion: "Er is maar één versie. Er is dus nog niets veranderd.",
    order: "Kies bij ‘Van versie’ een oudere versie dan bij ‘Naar versie’.",
    changesTitle: (a, b) => `Van ${a} naar ${b}`,
    facts: "Belangrijkste wijzigingen in het beleid",
    noFacts: "Geen wijzigingen in de beleidsfeiten.",
    kinds: { changed: "Gewijzigde vragen", new: "Nieuwe vragen", removed: "Vervallen vragen" },
    question: (q) => q.kind === "removed" ? `vraag ${q.old_number} (oud)` :
      q.kind === "new" || q.old_number == null ? `vraag ${q.new_number}` :
        `vraag ${q.new_number} (was ${q.old_number})`,
    noQuestions: "Geen vragen gewijzigd.",
  };

  const $ = (id) => document.getElementById(id);
  const form = $("staff-form");
  const input = $("staff-q");
  const status = $("staff-status");
  const results = $("staff-results");
  let timer = 0;
  let controller = null;
  let ids = 0;

  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    e.append(...kids.filter((c) => c != null));
    return e;
  }

  async function getJson(url, signal) {
    const r = await fetch(url, { headers: { Accept: "application/json" }, signal });
    let data = null;
    try {
      data = await r.json();
    } catch (e) { /* not JSON */ }
    if (!r.ok) {
      const err = new Error("HTTP " + r.status);
      err.message = data && typeof data.error === "string" ? data.error : "";
      err.api = true;
      throw err;
    }
    return data || {};
  }

  /* ---- highlighting: split the text and wrap matches in <mark> (DOM only) ---- */

  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  function termsOf(query, matched) {
    const words = String(query).toLowerCase().split(/[^\p{L}\p{N}]+/u)
      .concat(Array.isArray(matched) ? matched.map((w) => String(w).toLowerCase()) : [])
      .filter((w) => w.length > 1);
    return [...new Set(words)].sort((a, b) => b.length - a.length);
  }

  function highlight(parent, text, terms) {
    text = String(text || "");
    if (!terms.length) {
      parent.append(text);
      return parent;
    }
    const re = new RegExp("(" + terms.map(escapeRe).join("|") + ")", "giu");
    text.split(re).forEach((part, i) => {
      if (!part) return;
      parent.append(i % 2 ? el("mark", { text: part }) : part);
    });
    return parent;
  }

  /* ---- search ---- */

  function setUrl(query) {
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  }

  async function search(raw, submitted) {
    clearTimeout(timer);
    const query = raw.trim();
    setUrl(query);
    if (controller) controller.abort();
    controller = null;
    if (!query) {
      results.removeAttribute("aria-busy");
      results.textContent = "";
      status.textContent = submitted ? TEXTS.empty : "";
      return;
    }
    const mine = (controller = new AbortController());
    results.setAttribute("aria-busy", "true");
    try {
      const data = await getJson("/api/search?" + new URLSearchParams({ q: query, limit: "10" }),
        mine.signal);
      const hits = Array.isArray(data.results) ? data.results : [];
      results.textContent = "";
      hits.forEach((hit) => results.append(renderHit(hit, query)));
      status.textContent = hits.length ? TEXTS.found(hits.length, query) : TEXTS.none(query);
    } catch (e) {
      if (mine.signal.aborted) return;
      results.textContent = "";
      status.textContent = (e.api && e.message) || TEXTS.searchError;
    } finally {
      if (controller === mine) results.removeAttribute("aria-busy");
    }
  }

  function blocks(list) {
    const out = [];
    for (const b of Array.isArray(list) ? list : []) {
      if (b && Array.isArray(b.items)) out.push(el("ul", null, ...b.items.map((i) => el("li", { text: String(i) }))));
      else if (b && b.text != null) out.push(el("p", { text: String(b.text) }));
    }
    return out;
  }

  function diff(segments) {
    const p = el("p", { class: "diff" });
    for (const s of Array.isArray(segments) ? segments : []) {
      const text = String((s && s.text) || "");
      const op = s && s.op;
      if (op === "delete") p.append(el("del", null, el("span", { class: "vh", text: TEXTS.deleted }), text, el("span", { class: "vh", text: TEXTS.diffEnd })));
      else if (op === "insert") p.append(el("ins", null, el("span", { class: "vh", text: TEXTS.inserted }), text, el("span", { class: "vh", text: TEXTS.diffEnd })));
      else p.append(text);
    }
    return p;
  }

  function renderVersion(v, previous, terms) {
    const id = "v" + ++ids;
    const prevLabel = (v.previous && v.previous.label) || (previous && previous.label) || "";
    const col = el("section", { class: "version", "aria-labelledby": id },
      el("h3", { id, text: TEXTS.version(v) }));
    if (v.changed === true) col.append(el("p", { class: "badge badge-changed", text: TEXTS.changedSince(prevLabel) }));
    else if (v.changed === false) col.append(el("p", { class: "badge", text: TEXTS.unchanged }));
    if (v.section) col.append(el("p", { class: "section-name", text: TEXTS.section + v.section }));
    col.append(highlight(el("p", { class: "question" }), v.question, terms));
    if (v.summary) col.append(el("h4", { text: TEXTS.summary }), el("p", { text: String(v.summary) }));
    const official = el("div", { class: "official" }, ...blocks(v.official));
    col.append(el("h4", { text: TEXTS.official }));
    if (Array.isArray(v.diff) && v.diff.length) {
      const toggle = el("button", {
        type: "button", class: "button button-secondary toggle", "aria-pressed": "false",
        text: TEXTS.showChanges,
        onclick: () => {
          const on = toggle.getAttribute("aria-pressed") !== "true";
          toggle.setAttribute("aria-pressed", String(on));
          official.textContent = "";
          if (on) official.append(el("p", { class: "legend", text: TEXTS.diffLegend(prevLabel) }), diff(v.diff));
          else official.append(...blocks(v.official));
        },
      });
      col.append(toggle);
    }
    col.append(official);
    return col;
  }

  function renderHit(hit, query) {
    const terms = termsOf(query, hit.matched);
    const id = "r" + ++ids;
    const versions = Array.isArray(hit.versions) ? hit.versions : [];
    return el("article", { class: "result", "aria-labelledby": id, "data-testid": "staff-result" },
      highlight(el("h2", { id }), hit.title, terms),
      el("div", { class: "versions" }, ...versions.map((v, i) => renderVersion(v, versions[i - 1], terms))));
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    search(input.value, true);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value, false), 250);
  });

  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial, false);
  }

  /* ---- what changed between two versions ---- */

  const changesForm = $("changes-form");
  const from = $("changes-from");
  const to = $("changes-to");
  const changesStatus = $("changes-status");
  const changesResult = $("changes-result");
  let versions = [];

  async function loadChanges() {
    changesResult.textContent = "";
    const a = versions.find((v) => v.id === from.value);
    const b = versions.find((v) => v.id === to.value);
    if (a && b && a.date >= b.date) {
      changesStatus.textContent = TEXTS.order;
      return;
    }
    changesStatus.textContent = TEXTS.loading;
    try {
      const data = await getJson("/api/changes?" + new URLSearchParams({ from: from.value, to: to.value }));
      changesStatus.textContent = "";
      changesResult.append(renderChanges(data));
    } catch (e) {
      changesStatus.textContent = (e.api && e.message) || TEXTS.changesError;
    }
  }

  function renderChanges(data) {
    const label = (v) => (v && v.label) || "";
    const box = el("div", { class: "changes-report" },
      el("h3", { text: TEXTS.changesTitle(label(data.from), label(data.to)) }),
      el("h4", { text: TEXTS.facts }));
    const facts = Array.isArray(data.facts) ? data.facts : [];
    box.append(facts.length ? el("ul", null, ...facts.map((f) => el("li", { text: String(f) })))
      : el("p", { text: TEXTS.noFacts }));
    const questions = Array.isArray(data.questions) ? data.questions : [];
    for (const kind of ["new", "changed", "removed"]) {
      const list = questions.filter((q) => q && q.kind === kind);
      if (!list.length) continue;
      box.append(el("h4", { text: `${TEXTS.kinds[kind]} (${list.length})` }),
        el("ul", null, ...list.map((q) => el("li", null, TEXTS.question(q) + ": ",
          el("a", { href: "?" + new URLSearchParams({ q: String(q.title || q.topic || "") }), text: String(q.title || q.topic || "") })))));
    }
    if (!questions.length) box.append(el("p", { text: TEXTS.noQuestions }));
    return box;
  }

  async function initChanges() {
    try {
      const data = await getJson("/api/versions");
      versions = (Array.isArray(data.versions) ? data.versions : []).filter((v) => v && v.id)
        .sort((a, b) => String(a.date || a.id).localeCompare(String(b.date || b.id)))
        .map((v) => ({ id: String(v.id), label: String(v.label || v.id), date: String(v.date || v.id) }));
    } catch (e) {
      changesStatus.textContent = (e.api && e.message) || TEXTS.changesError;
      return;
    }
    if (versions.length < 2) {
      changesStatus.textContent = TEXTS.oneVersion;
      return;
    }
    for (const select of [from, to]) {
      select.append(...versions.map((v) => el("option", { value: v.id, text: v.label })));
    }
    from.value = versions[versions.length - 2].id;
    to.value = versions[versions.length - 1].id;
    changesForm.hidden = false;
    changesForm.addEventListener("submit", (e) => {
      e.preventDefault();
      loadChanges();
    });
    loadChanges();
  }

  initChanges();
})();
