// The description form's autosave, loaded by that page only (every other page's download stays
// as small as before). Every change is kept on the device at once (localStorage) and saved to the
// server every few seconds and when the tab is hidden; a dead line keeps it on the device and it
// goes when the line is back (the `online` event and the timer). Each save sends every field with
// the revision and fingerprint it was shown with, so the server stores only what this writer
// changed; a field a colleague saved meanwhile comes back holding both texts, and the writer is
// told. Without JavaScript the form's buttons post as usual. Kept texts are removed on the
// sign-in page, which loads this script too, so signing out leaves none behind.
"use strict";
(() => {
  const PREFIX = "samvaer_beskrivelse_";
  // The sign-in page loads this too: signing out lands there, and no kept text stays behind.
  if (location.pathname === "/logind") {
    try {
      for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
    } catch (_) { /* storage off: nothing kept */ }
    return;
  }
  const form = document.querySelector("form.description-form");
  const status = document.querySelector(".draft-status[data-description]");
  if (!form || !status) return;
  const key = PREFIX + status.dataset.description;
  const KEPT = "Ingen forbindelse. Teksten er gemt på enheden og bliver gemt i Samvær, når forbindelsen er tilbage.";
  let dirty = false;
  let saving = false;
  const say = (text) => { status.textContent = text; };
  const named = (name) => form.querySelector(`[name="${CSS.escape(name)}"]`);
  const fields = () => [...form.querySelectorAll('[name^="text["]')].map((el) => [el.name.slice(5, -1), el]);

  // FNV-1a, 64 bits, of the text with CRLF as LF: `descriptions::fingerprint` on the server.
  const fingerprint = (text) => {
    let hash = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(text.replace(/\r\n/g, "\n"))) {
      hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return hash.toString(16).padStart(16, "0");
  };

  const keep = () => {
    const params = new URLSearchParams();
    for (const [k, el] of fields()) params.append(k, el.value);
    try { localStorage.setItem(key, params.toString()); } catch (_) { /* storage full or off */ }
  };
  const forget = () => { try { localStorage.removeItem(key); } catch (_) { /* storage off */ } };

  // A kept text from an earlier visit (a lost line, a closed tab) goes back into its field;
  // answers whether anything differed from what the server showed.
  const restore = () => {
    let kept = null;
    try { kept = localStorage.getItem(key); } catch (_) { return false; }
    if (kept === null) return false;
    const params = new URLSearchParams(kept);
    let differed = false;
    for (const [k, el] of fields()) {
      const text = params.get(k);
      if (text !== null && text !== el.value) { el.value = text; differed = true; }
    }
    if (!differed) forget();
    return differed;
  };

  // Fields the writer left alone since the save take the stored text; every field takes the
  // revision and fingerprint it now stands on.
  const takeIn = (answer, sent) => {
    for (const s of (answer && answer.sections) || []) {
      const [el, rev, seen] = [named(`text[${s.key}]`), named(`rev[${s.key}]`), named(`seen[${s.key}]`)];
      if (!el || !rev || !seen) continue;
      const was = sent.get(s.key) ?? "";
      if (el.value === was) {
        if (s.body !== el.value) el.value = s.body;
        rev.value = String(s.rev ?? 0);
        seen.value = fingerprint(s.body);
      } else if (s.body === was) {
        // Typed on while the save went: it stands on the saved text and is still unsaved.
        rev.value = String(s.rev ?? 0);
        seen.value = fingerprint(s.body);
        dirty = true;
      } else {
        dirty = true;
      }
    }
    return [(answer && answer.merged) || [], (answer && answer.at) || ""];
  };

  const save = async () => {
    dirty = false;
    const sent = new Map(fields().map(([k, el]) => [k, el.value]));
    const hidden = document.visibilityState === "hidden";
    let response;
    try {
      response = await fetch("/api/descriptions/save", {
        method: "POST",
        // A save as the tab is hidden goes on when it is closed; only then, as a keepalive body is
        // limited to 64 KB.
        keepalive: hidden,
        body: new URLSearchParams(new FormData(form)).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      });
    } catch (_) {
      dirty = true;
      say(KEPT);
      return;
    }
    if (!response.ok) {
      if (response.status === 401 || response.status === 403) {
        say("Du er ikke logget ind længere, så teksten er ikke gemt. Kopiér den, log ind igen og sæt den ind.");
      } else if (response.status === 404 || response.status === 409) {
        // It can never be saved: nothing is left behind on the device.
        forget();
        say("Beskrivelsen er sendt eller låst, så dine sidste ændringer er ikke gemt. Hent siden igen.");
      } else if (response.status === 422) {
        say("Et felt er for langt, så ændringerne er ikke gemt. Gør teksten kortere.");
      } else {
        dirty = true;
        say("Samvær kunne ikke gemme lige nu. Teksten er gemt på enheden, og vi prøver igen om lidt.");
      }
      return;
    }
    const answer = await response.json().catch(() => null);
    const [merged, at] = takeIn(answer, sent);
    if (merged.length === 0) {
      say(`Gemt kl. ${at}.`);
    } else {
      say(`En kollega skrev i ${merged.map((m) => `„${m}“`).join(", ")} imens. Begge tekster står nu i feltet: ret dem sammen.`);
    }
    if (dirty) keep(); else forget();
  };

  const saveSoon = () => {
    if (!dirty || saving) return;
    saving = true;
    save().finally(() => { saving = false; });
  };

  if (restore()) {
    dirty = true;
    say("Din tekst fra sidst er hentet fra enheden og bliver gemt nu.");
    saveSoon();
  }
  form.addEventListener("input", () => { dirty = true; keep(); say("Ikke gemt endnu."); });
  form.addEventListener("submit", (event) => {
    if (!navigator.onLine) { event.preventDefault(); keep(); say(KEPT); }
  });
  window.addEventListener("online", saveSoon);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") saveSoon(); });
  setInterval(saveSoon, 4000);
})();
