// Manual grading: the score of the ticked criteria as they change, saved comments inserted by
// Shift+digit (or a click), Ctrl+Enter saving from anywhere. site.js handles the other keys
// (a digit clicks its criterion's label, which ticks it). The page works without this script:
// the server computes the score from the ticked criteria.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#grade");
  if (!form) return;
  const max = Number(form.dataset.max);
  const start = Number(form.dataset.start);
  const boxes = [...form.querySelectorAll("input[name=Ticked]")];
  const adjustment = form.querySelector("#adjustment");
  const score = form.querySelector("#score");
  const step = (x) => Math.round(Math.round(x / 0.05) * 0.05 * 1e6) / 1e6;

  const update = () => {
    if (!score) return;
    const sum = boxes.filter((b) => b.checked).reduce((s, b) => s + Number(b.dataset.points), start);
    const value = step(Math.min(max, Math.max(0, sum + (Number(adjustment?.value) || 0))));
    score.textContent = String(value);
    for (const box of boxes) box.closest("label").classList.toggle("ticked", box.checked);
  };
  for (const box of boxes) box.addEventListener("change", update);
  adjustment?.addEventListener("input", update);
  update();

  // <button data-set="#points">: marks the score button matching the points field (no criteria).
  const points = form.querySelector("#points");
  const scoreButtons = [...form.querySelectorAll(".scores [data-value]")];
  const markPoints = () => {
    for (const button of scoreButtons)
      button.classList.toggle("selected", points.value !== "" && Number(button.dataset.value) === Number(points.value));
  };
  if (points) { points.addEventListener("input", markPoints); markPoints(); }

  const comment = form.querySelector("#comment");
  const insert = (text) => {
    const at = comment.selectionStart ?? comment.value.length;
    const before = comment.value.slice(0, at), after = comment.value.slice(comment.selectionEnd ?? at);
    const glue = before.length > 0 && !/\s$/.test(before) ? " " : "";
    comment.value = before + glue + text + after;
    comment.selectionStart = comment.selectionEnd = (before + glue + text).length;
  };
  for (const button of form.querySelectorAll("[data-insert]")) {
    const text = button.textContent.replace(/^\s*Shift\+\d\s*/, "").trim();
    button.dataset.text = text;
    button.addEventListener("click", () => insert(text));
  }

  document.addEventListener("keydown", (event) => {
    const typing = isTyping(event.target); // site.js
    if (!typing && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    // Shift+1..9 by the key's place, not its character, which differs between keyboard layouts.
    const digit = /^Digit([1-9])$/.exec(event.code);
    if (!typing && event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && digit) {
      const button = form.querySelector(`[data-comment-key="${digit[1]}"]`);
      if (button) {
        event.preventDefault();
        event.stopImmediatePropagation();
        insert(button.dataset.text);
      }
    }
  }, true);
});
