// Manual grading: marks the score button matching the points field, and lets Ctrl+Enter save
// from anywhere on the page (site.js handles it inside fields; after a digit key the focus is not in one).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const points = document.querySelector("#points");
  if (!points || !points.form) return;
  const buttons = [...document.querySelectorAll(".scores [data-value]")];
  const mark = () => {
    for (const button of buttons)
      button.classList.toggle("selected", points.value !== "" && Number(button.dataset.value) === Number(points.value));
  };
  points.addEventListener("input", mark);
  mark();
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    if (!typing && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      points.form.requestSubmit();
    }
  });
});
