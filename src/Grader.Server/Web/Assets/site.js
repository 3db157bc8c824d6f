// Grader dashboard: small progressive enhancements; every page works without this script.
"use strict";

// Times are rendered in UTC by the server; show them in the reader's own time zone.
function localTimes(root) {
  for (const el of root.querySelectorAll("time[datetime]")) {
    const at = new Date(el.getAttribute("datetime"));
    if (!isNaN(at)) {
      el.title = el.textContent;
      el.textContent = at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
  }
}

// <... data-poll-url="..." data-poll-until="graded failed">: reload the page when the status
// served at that URL (JSON {status}) reaches one of the final states, checking every 1.5 s.
function pollStatus() {
  const el = document.querySelector("[data-poll-url]");
  if (!el) return;
  const finals = (el.dataset.pollUntil || "graded failed").split(" ");
  const current = el.dataset.pollStatus;
  const tick = async () => {
    try {
      const response = await fetch(el.dataset.pollUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const body = await response.json();
        if (body.status !== current) { location.reload(); return; }
        if (finals.includes(body.status)) return;
      }
    } catch (e) { /* offline for a moment: try again */ }
    setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}

// Whether a key pressed on this element is typing into it (a checkbox or button takes no text).
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName)) return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
}

// Keyboard shortcuts: any element with data-key="x" is clicked (or focused, for inputs) when x is
// pressed outside a text field; Escape leaves a text field.
function shortcuts() {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = isTyping(target);
    if (typing) {
      if (event.key === "Escape") target.blur();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.form) target.form.requestSubmit();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const el = document.querySelector(`[data-key="${CSS.escape(event.key)}"]`);
    if (!el) return;
    event.preventDefault();
    if (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) el.focus(); else el.click();
  });
}

// <button data-set="#points" data-value="2">: puts the value into that field.
function setters() {
  for (const button of document.querySelectorAll("[data-set]")) {
    button.addEventListener("click", (event) => {
      const field = document.querySelector(button.dataset.set);
      if (!field) return;
      event.preventDefault();
      field.value = button.dataset.value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      if (button.dataset.submit !== undefined && field.form) field.form.requestSubmit();
    });
  }
}

// <form data-confirm="Really?">: asks first.
function confirms() {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => { if (!confirm(form.dataset.confirm)) event.preventDefault(); });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  localTimes(document);
  pollStatus();
  shortcuts();
  setters();
  confirms();
});
