// Warns, before saving, that a live story's address is about to change. The field carries
// the saved slug in data-live-slug only when the story is live.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[data-live-slug]");
  if (!field) return;
  const warning = document.createElement("p");
  warning.className = "slug-warning";
  warning.id = "slug-warning";
  warning.setAttribute("role", "status");
  field.after(warning);
  const update = () => {
    const moved = field.value.trim() !== field.dataset.liveSlug;
    warning.textContent = moved
      ? `Saving moves this live story from “${field.dataset.liveSlug}” to “${field.value.trim()}”. ` +
        "The old address will redirect, but shared links and search results point at it."
      : "";
    warning.hidden = !moved;
  };
  field.addEventListener("input", update);
  update();
});
