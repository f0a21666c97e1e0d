/* Chat widget for a Rasa server (REST channel). Embed: set window.jeugdhulpChat = { serverUrl,
 * title, colors, retentionDays }, then <script src=".../widget.js" defer>. No dependencies.
 * Everything the bot or the user sends is shown as text (DOM nodes), never as HTML. */
(() => {
  "use strict";

  // Captured now: document.currentScript is only set while this file runs for the first time.
  const SRC = (document.currentScript && document.currentScript.src) || location.href;

  // The assistant says "je" (as the FAQ answers do); the widget speaks the same way.
  const TEXTS = {
    launcher: "Stel je vraag over jeugdhulp",
    title: "Vragen over jeugdhulp",
    region: "Chat over jeugdhulp",
    close: "Chat sluiten",
    restart: "Nieuw gesprek",
    log: "Gesprek",
    you: "U:",
    bot: "Assistent:",
    label: "Je vraag",
    placeholder: "Typ hier je vraag",
    send: "Verstuur",
    typing: "De assistent typt…",
    choices: "Keuzes",
    greeting: "Hallo! Ik beantwoord vragen over Basis jeugdhulp bij de WIJ-teams in de gemeente " +
      "Groningen. Stel je vraag in een paar woorden.",
    // No web address: our sources confirm none (see locations/wij.yml), so none is invented.
    error: "Het lukt nu even niet om antwoord te geven. Probeer het later opnieuw, kijk op de " +
      "website van WIJ Groningen, of loop binnen bij de entree van een WIJ-team.",
    feedbackQuestion: "Was dit antwoord nuttig?",
    yes: "Ja",
    no: "Nee",
    yesName: "Ja, nuttig",
    noName: "Nee, niet nuttig",
    thanks: "Bedankt voor je reactie.",
    feedbackError: "Je reactie is niet verstuurd. Probeer het later opnieuw.",
    image: "Bekijk de afbeelding",
    newWindow: "(opent in nieuw venster)",
    privacy: "Typ geen persoonsgegevens, zoals je BSN, telefoonnummer of adres. We bewaren dit " +
      "gesprek {retentionDays} dagen om je te kunnen helpen en de assistent te verbeteren. " +
      "Daarna wordt het verwijderd.",
  };

  const KEY = "jeugdhulp-chat";
  const TIMEOUT_MS = 15000;
  const MAX_CHARS = 1000;
  const FULLSCREEN = "(max-width: 30em), (max-height: 32em)"; // same as in widget.css
  const SVG = "http://www.w3.org/2000/svg";
  const ICONS = {
    chat: "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    thumb: "M2 10h4v11H2zM8 10l4-8c1.7 0 3 1.3 3 3v3h5c1.3 0 2.3 1.2 2 2.5l-2 8.2c-.3.8-1 " +
      "1.3-1.9 1.3H8z",
  };

  const config = window.jeugdhulpChat || (window.jeugdhulpChat = {});
  const T = Object.assign({}, TEXTS, config.texts);
  const trimUrl = (u) => String(u).replace(/\/+$/, "");
  const serverUrl = trimUrl(config.serverUrl || "http://localhost:5005");
  const webUrl = trimUrl(config.webUrl || new URL(SRC).origin);

  let state, root, launcher, panel, log, typing, form, input;
  let queue = Promise.resolve();
  const pending = []; // sender ids of messages still waiting for an answer

  // el("p", {class: "x", text: "..."}, child, "text"): strings become text nodes, never HTML.
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

  function icon(name) {
    const s = document.createElementNS(SVG, "svg");
    const p = document.createElementNS(SVG, "path");
    const attrs = { viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false", class: "jc-icon" };
    for (const k in attrs) s.setAttribute(k, attrs[k]);
    p.setAttribute("d", ICONS[name]);
    s.append(p);
    return s;
  }

  function isHttp(u) {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch (e) {
      return false;
    }
  }

  function link(url, label) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label,
      el("span", { class: "jc-vh", text: " " + T.newWindow }));
  }

  // Text with http(s) URLs turned into links; the rest stays plain text.
  function linkify(parent, text) {
    let last = 0;
    text.replace(/https?:\/\/[^\s<>"']+/g, (found, at) => {
      const url = found.replace(/[.,;:!?)\]]+$/, "");
      if (!isHttp(url)) return found;
      parent.append(text.slice(last, at), link(url, url));
      last = at + url.length;
      return found;
    });
    parent.append(text.slice(last));
  }

  function uuid() {
    const c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID(); // only in secure contexts (https, localhost)
    const bytes = c && c.getRandomValues ? c.getRandomValues(new Uint8Array(16))
      : Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // POST JSON, read the JSON answer (null if none); gives up after TIMEOUT_MS.
  async function post(url, data) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
    try {
      const r = await fetch(url, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
        signal: ctl.signal,
      });
      return { ok: r.ok, data: r.ok ? await r.json().catch(() => null) : null };
    } finally {
      clearTimeout(timer);
    }
  }

  /* ---- storage ---- */

  function fresh(open) {
    return { sender: uuid(), open: !!open, messages: [] };
  }

  function load() {
    try {
      const s = JSON.parse(sessionStorage.getItem(KEY));
      if (s && typeof s.sender === "string" && Array.isArray(s.messages)) {
        s.messages = s.messages.filter((m) => m && (m.role === "user" || m.role === "bot"));
        return s;
      }
    } catch (e) { /* no storage or bad data */ }
    return fresh(false);
  }

  function save() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) { /* storage blocked: the chat still works on this page */ }
  }

  /* ---- rendering ---- */

  function userMessage(m) {
    return el("div", { class: "jc-msg jc-user", "data-testid": "jc-user" },
      el("div", { class: "jc-bubble" }, el("span", { class: "jc-vh", text: T.you + " " }),
        el("p", { text: String(m.text) })));
  }

  function botMessage(m, withFeedback) {
    const bubble = el("div", { class: "jc-bubble" }, el("span", { class: "jc-vh", text: T.bot + " " }));
    const box = el("div", { class: "jc-msg jc-bot", "data-testid": "jc-bot" }, bubble);
    let source = null;
    for (const part of String(m.text || "").split(/\n[ \t]*\n/)) {
      const para = part.replace(/^\n+|\s+$/g, "");
      if (!para.trim()) continue;
      const p = el("p");
      if (/^\s*Bron:/.test(para)) {
        p.className = "jc-source";
        source = para.trim();
      }
      linkify(p, para);
      bubble.append(p);
    }
    if (m.image && isHttp(m.image)) bubble.append(el("p", null, link(m.image, T.image)));
    if (m.buttons && m.buttons.length) {
      box.append(el("div", { class: "jc-choices", role: "group", "aria-label": T.choices },
        ...m.buttons.map((b) => el("button", {
          type: "button", class: "jc-choice", "data-testid": "jc-button", text: b.title,
          onclick: () => send(b.payload, b.title),
        }))));
    }
    if (source && withFeedback) box.append(feedback(m, source));
    return box;
  }

  function feedback(m, source) {
    const text = el("span", { class: "jc-fb-text", role: "status", text: m.vote ? T.thanks : T.feedbackQuestion });
    const votes = ["up", "down"];
    const buttons = votes.map((v, i) => el("button", {
      type: "button", class: "jc-fb jc-fb-" + v, "data-testid": "jc-feedback-" + v,
      "aria-label": i ? T.noName : T.yesName, onclick: () => vote(v),
    }, icon("thumb"), i ? T.no : T.yes));
    const mark = () => buttons.forEach((b, i) => {
      b.setAttribute("aria-pressed", String(m.vote === votes[i]));
      if (m.vote) b.setAttribute("aria-disabled", "true");
    });
    let busy = false;
    async function vote(v) {
      if (m.vote || busy) return; // one vote per answer
      busy = true;
      try {
        const r = await post(webUrl + "/api/feedback",
          { source: source.slice(0, 300), vote: v, answer: String(m.text).slice(0, 2000) });
        if (!r.ok) throw new Error("not saved");
        m.vote = v;
        save();
        mark();
        text.textContent = T.thanks;
      } catch (e) {
        text.textContent = T.feedbackError;
      }
      busy = false;
    }
    mark();
    return el("div", { class: "jc-feedback" }, text, el("div", { class: "jc-fb-buttons" }, ...buttons));
  }

  function renderAll() {
    log.textContent = "";
    log.append(botMessage({ text: T.greeting }, false));
    for (const m of state.messages) log.append(m.role === "user" ? userMessage(m) : botMessage(m, true));
  }

  function add(m) {
    state.messages.push(m);
    save();
    const node = m.role === "user" ? userMessage(m) : botMessage(m, true);
    log.append(node);
    return node;
  }

  function updateTyping() {
    const on = pending.includes(state.sender);
    if (on === !!typing.firstChild) return;
    typing.textContent = "";
    if (on) typing.append(T.typing, el("span", { class: "jc-dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")));
  }

  /* ---- talking to Rasa ---- */

  function normalise(d) {
    if (!d || typeof d !== "object") return null;
    const m = { role: "bot", text: typeof d.text === "string" ? d.text : "" };
    const buttons = (Array.isArray(d.buttons) ? d.buttons : [])
      .filter((b) => b && (b.title || b.payload))
      .map((b) => ({ title: String(b.title || b.payload), payload: String(b.payload || b.title) }));
    if (buttons.length) m.buttons = buttons;
    if (typeof d.image === "string" && isHttp(d.image)) m.image = d.image;
    return m.text.trim() || m.buttons || m.image ? m : null;
  }

  async function ask(message, sender) {
    try {
      const { data } = await post(serverUrl + "/webhooks/rest/webhook", { sender, message });
      const out = (Array.isArray(data) ? data : []).map(normalise).filter(Boolean);
      if (out.length) return out;
    } catch (e) { /* network error or timeout: answered below */ }
    return [{ role: "bot", text: T.error }];
  }

  // Shows `shown` as the user's message, sends `message`; answers keep the order of sending.
  function send(message, shown) {
    const sender = state.sender;
    add({ role: "user", text: shown });
    toBottom();
    pending.push(sender);
    updateTyping();
    queue = queue.then(() => ask(message, sender)).then((answers) => {
      if (sender !== state.sender) return; // the user started a new conversation meanwhile
      reveal(answers.map(add)[0]);
    }).finally(() => {
      pending.splice(pending.indexOf(sender), 1);
      updateTyping();
    });
  }

  /* ---- panel ---- */

  function setOpen(open, moveFocus) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("jc-open", open);
    if (open) {
      toBottom();
      if (moveFocus) input.focus();
    } else if (moveFocus) {
      launcher.focus();
    }
  }

  // The log scrolls; on very low screens (see widget.css) the whole panel scrolls instead.
  const scroller = () => (log.scrollHeight > log.clientHeight ? log : panel);

  function toBottom() {
    const box = scroller();
    box.scrollTo({ top: box.scrollHeight, behavior: "instant" });
  }

  function reveal(node) { // the start of a new answer at the top
    const box = scroller();
    box.scrollTop += node.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  }

  function onKey(e) {
    if (e.key === "Escape" && state.open) {
      e.preventDefault();
      setOpen(false, true);
    } else if (e.key === "Tab" && window.matchMedia(FULLSCREEN).matches) {
      // Full screen covers the page: keep the focus inside the panel.
      const all = panel.querySelectorAll("button, a[href], textarea, [tabindex='0']");
      const [from, to] = e.shiftKey ? [0, all.length - 1] : [all.length - 1, 0];
      if (document.activeElement === all[from]) {
        e.preventDefault();
        all[to].focus();
      }
    }
  }

  function restart() {
    state = fresh(true);
    save();
    renderAll();
    updateTyping();
    input.value = "";
    input.focus();
  }

  function build() {
    root = el("aside", { class: "jc-root", "aria-label": T.region, hidden: true, onkeydown: onKey });
    const colors = config.colors || {};
    if (colors.primary) root.style.setProperty("--jc-primary", colors.primary);
    if (colors.onPrimary) root.style.setProperty("--jc-on-primary", colors.onPrimary);

    launcher = el("button", {
      type: "button", class: "jc-launcher", "aria-expanded": "false", "aria-controls": "jc-panel",
      "data-testid": "jc-launcher", onclick: () => setOpen(!state.open, true),
    }, icon("chat"), el("span", { text: T.launcher }));

    log = el("div", { class: "jc-log", tabindex: "0", "data-testid": "jc-log" });
    typing = el("div", { class: "jc-typing", role: "status", "data-testid": "jc-typing" });
    input = el("textarea", {
      id: "jc-input", class: "jc-input", rows: "2", maxlength: MAX_CHARS,
      placeholder: T.placeholder, autocomplete: "off", "data-testid": "jc-input",
      onkeydown: (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          form.requestSubmit();
        }
      },
    });
    form = el("form", {
      class: "jc-form",
      onsubmit: (e) => {
        e.preventDefault();
        const text = input.value.trim();
        input.focus();
        if (!text) return;
        input.value = "";
        send(text, text);
      },
    }, el("label", { class: "jc-label", for: "jc-input", text: T.label }),
    el("div", { class: "jc-row" }, input,
      el("button", { type: "submit", class: "jc-send", "data-testid": "jc-send", text: T.send })));

    const days = config.retentionDays == null ? 30 : config.retentionDays;
    panel = el("section", {
      class: "jc-panel", id: "jc-panel", "aria-labelledby": "jc-title", "data-testid": "jc-panel",
      hidden: true,
    },
    el("div", { class: "jc-head" },
      el("h2", { class: "jc-title", id: "jc-title", text: config.title || T.title }),
      el("button", { type: "button", class: "jc-restart", text: T.restart, onclick: restart }),
      el("button", {
        type: "button", class: "jc-close", "aria-label": T.close, onclick: () => setOpen(false, true),
      }, icon("close"))),
    log,
    el("div", { class: "jc-foot" }, typing, form,
      el("p", { class: "jc-privacy", text: T.privacy.replace("{retentionDays}", String(days)) })));

    root.append(launcher, panel);
  }

  function init() {
    state = load();
    build();
    renderAll();
    // Show the widget once its CSS is there (no flash of unstyled buttons).
    const css = el("link", { rel: "stylesheet", href: new URL("widget.css", SRC).href });
    css.onload = css.onerror = () => {
      root.hidden = false;
      toBottom();
    };
    document.head.append(css);
    document.body.append(root);
    // The restored conversation is already in the log; only what comes next is announced.
    setTimeout(() => {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", T.log);
    }, 0);
    if (state.open) setOpen(true, false);
    config.open = () => setOpen(true, true);
    config.close = () => setOpen(false, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
